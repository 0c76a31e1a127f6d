// A plugin author imports only StipPluginKit: the protocol types it uses in its API
// (PluginManifest, FieldError, RPCError) and JSONValue come with it.
@_exported public import StipDomain
@_exported public import StipPluginProtocol
