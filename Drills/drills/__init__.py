"""Reliability drills for stipd: each module is one scenario with NAME, SUMMARY and run(env)."""

from . import (
    kill9_resident_load,
    plugin_faults,
    kill9_mid_cycle,
    disk_full,
    many_workspaces,
    slow_clients,
    fuzzing,
)

# In the order they run.
SCENARIOS = [
    kill9_resident_load,
    plugin_faults,
    kill9_mid_cycle,
    disk_full,
    many_workspaces,
    slow_clients,
    fuzzing,
]
