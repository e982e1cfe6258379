namespace Pipeline.Host.Webhooks;

public sealed record WebhookOptions
{
    /// <summary><c>PIPELINE_WEBHOOK_MAX_BYTES</c>: bodies above this get 413 unread. Atlassian events are a few KB.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    public static WebhookOptions FromEnvironment()
    {
        var raw = Environment.GetEnvironmentVariable("PIPELINE_WEBHOOK_MAX_BYTES");
        var options = string.IsNullOrWhiteSpace(raw) ? new WebhookOptions()
            : new WebhookOptions { MaxBodyBytes = int.TryParse(raw, out var value) ? value : throw new ArgumentException($"PIPELINE_WEBHOOK_MAX_BYTES must be an integer, got '{raw}'") };
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (MaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBodyBytes), MaxBodyBytes, "PIPELINE_WEBHOOK_MAX_BYTES must be between 1 KiB and 64 MiB");
        }
    }
}
