import PollMethod
import StipPluginKit

await StipPlugin.main(Poll())
