namespace Pipeline.Host.Models;

/// <summary>An <c>activate</c> or <c>drop</c> that would leave a source unsearchable or worse off; the message says what to do.</summary>
public sealed class ModelSwitchRefusedException(string message) : Exception(message);
