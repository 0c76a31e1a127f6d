#!/usr/bin/env bash
# Lays out the plugins of this repository (Plugins/<Name>/plugin.yaml) the way stipd finds them:
# DEST/<id>/plugin.yaml, one folder per plugin.
#   stage-plugins.sh dev DEST BIN       manifests point at the executables in the build folder BIN (make run)
#   stage-plugins.sh install DEST BIN   executables are copied next to their manifest (make install)
set -euo pipefail
mode=$1 dest=$2 bin=$3
shopt -s nullglob
for manifest in Plugins/*/plugin.yaml; do
    id=$(sed -n 's/^id:[[:space:]]*//p' "$manifest" | tr -d '"' | head -1)
    exe=$(sed -n 's/^executable:[[:space:]]*//p' "$manifest" | tr -d '"' | head -1)
    name=$(basename "$exe")
    [ -n "$id" ] && [ -n "$name" ] || { echo "skipping $manifest: no id or executable" >&2; continue; }
    mkdir -p "$dest/$id"
    case $mode in
        dev)
            sed "s|^executable:.*|executable: $bin/$name|" "$manifest" > "$dest/$id/plugin.yaml" ;;
        install)
            install -m 0755 "$bin/$name" "$dest/$id/$name"
            sed "s|^executable:.*|executable: ./$name|" "$manifest" > "$dest/$id/plugin.yaml"
            chmod 0644 "$dest/$id/plugin.yaml" ;;
    esac
    echo "staged plugin $id in $dest/$id" >&2
done
