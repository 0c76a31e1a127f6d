import NeighbourhoodWalkMethod
import StipPluginKit

await StipPlugin.main(NeighbourhoodWalk())
