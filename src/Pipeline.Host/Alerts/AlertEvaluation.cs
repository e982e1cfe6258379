namespace Pipeline.Host.Alerts;

/// <summary>What one evaluation did.</summary>
/// <param name="Firing">Conditions firing now.</param>
/// <param name="Sent">E-mails that went out.</param>
/// <param name="Failed">E-mails the SMTP server did not take; tried again at the next evaluation.</param>
/// <param name="SourcesFailed">Condition sources that threw; their conditions keep their state until a later evaluation reads them.</param>
public sealed record AlertEvaluation(int Firing, int Sent, int Failed, int SourcesFailed);
