namespace Pipeline.Host.Jobs;

/// <summary>A job file that does not satisfy the schema; the message names the file, the field and the rule.</summary>
public sealed class JobDefinitionException(string message) : Exception(message);
