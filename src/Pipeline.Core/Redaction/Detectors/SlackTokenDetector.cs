using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// Slack credentials: bot, user, workspace-access, refresh and legacy tokens (<c>xoxb-</c>, <c>xoxp-</c>,
/// <c>xoxa-</c>, <c>xoxr-</c>, <c>xoxo-</c>, <c>xoxs-</c>: dash-separated numeric ids then a random part),
/// app-level tokens (<c>xapp-1-A…-digits-hex</c>) and incoming-webhook URLs, whose path is itself the secret
/// that lets anyone post to the channel.
/// </summary>
internal sealed class SlackTokenDetector : ISensitiveDataDetector
{
    private static readonly Regex Pattern = DetectorPatterns.Create(
        "xox[abposr]-[0-9A-Za-z]{6,}(?:-[0-9A-Za-z]{4,}){1,4}" +
        "|xapp-[0-9]-[A-Z0-9]{8,}-[0-9]{6,}-[0-9A-Za-z]{32,}" +
        "|https://hooks\\.slack\\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,}/[A-Z0-9]{6,}/[0-9A-Za-z]{16,}");

    public string Name => DetectorNames.SlackToken;

    public IEnumerable<SensitiveMatch> Find(string text) => WholeTokenMatches.Find(Name, Pattern, text);
}
