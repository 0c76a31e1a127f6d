// A plugin author imports only StipPluginKit: the protocol types it uses in its API (PluginManifest,
// FieldError, RPCError), JSONValue and JSONPointer, and the values host and plugins share (LocalDate,
// AgeBand, ParticipantRole) come with it. The host's domain does not: a plugin sees only the protocol.
@_exported public import StipJSON
@_exported public import StipPluginProtocol
@_exported public import StipVocabulary
