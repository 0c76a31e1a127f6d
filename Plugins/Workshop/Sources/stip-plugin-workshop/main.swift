import StipPluginKit
import WorkshopMethod

await StipPlugin.main(Workshop())
