using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;

namespace Pipeline.Host.Alerts;

/// <summary>Turns a notice into an e-mail: multipart/alternative, plain text and HTML with the same figures and links.</summary>
public sealed class AlertMessageBuilder(SmtpOptions smtp, AlertOptions options)
{
    public static string Subject(AlertNotice notice) => notice.Notice switch
    {
        AlertNoticeKind.Firing => $"[pipeline] FIRING {notice.Kind}: {notice.Title}",
        AlertNoticeKind.Reminder => $"[pipeline] FIRING {notice.Kind}: {notice.Title} (still firing)",
        _ => $"[pipeline] RESOLVED {notice.Kind}: {notice.Title}",
    };

    public MimeMessage Build(AlertNotice notice)
    {
        var message = new MimeMessage { Subject = Subject(notice), Date = notice.At };
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.AddRange(smtp.To.Select(MailboxAddress.Parse));
        // Lets mail clients thread the FIRING, reminders and RESOLVED of one condition together.
        message.Headers.Add("X-Pipeline-Alert", notice.Key);
        message.Body = new BodyBuilder { TextBody = Text(notice), HtmlBody = Html(notice) }.ToMessageBody();
        return message;
    }

    private string Text(AlertNotice notice)
    {
        var text = new StringBuilder();
        text.AppendLine(Headline(notice)).AppendLine();
        foreach (var figure in notice.Figures)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {figure.Name}: {figure.Value}");
            text.AppendLine(figure.Threshold is { } limit ? $"   (alert when {limit})" : "");
        }
        if (notice.Figures.Count > 0)
        {
            text.AppendLine();
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"Dashboard: {options.DashboardLink(notice.DashboardPage)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Runbook:   {options.RunbookLink(notice.Runbook)}");
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Alert key {notice.Key}, job {notice.Job}.");
        return text.ToString();
    }

    private string Html(AlertNotice notice)
    {
        static string E(string value) => WebUtility.HtmlEncode(value);
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append(CultureInfo.InvariantCulture, $"<p><strong>{E(Headline(notice))}</strong></p>");
        if (notice.Figures.Count > 0)
        {
            html.Append("<table cellpadding=\"4\" style=\"border-collapse:collapse\"><tr><th align=\"left\">figure</th><th align=\"left\">value</th><th align=\"left\">alert when</th></tr>");
            foreach (var figure in notice.Figures)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(figure.Name)}</td><td><strong>{E(figure.Value)}</strong></td><td>{E(figure.Threshold ?? "")}</td></tr>");
            }
            html.Append("</table>");
        }
        var dashboard = options.DashboardLink(notice.DashboardPage);
        var runbook = options.RunbookLink(notice.Runbook);
        html.Append(CultureInfo.InvariantCulture, $"<p>Dashboard: <a href=\"{E(dashboard)}\">{E(dashboard)}</a><br>");
        html.Append(CultureInfo.InvariantCulture, $"Runbook: <a href=\"{E(runbook)}\">{E(runbook)}</a></p>");
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"color:#666\">Alert key {E(notice.Key)}, job {E(notice.Job)}.</p></body></html>");
        return html.ToString();
    }

    private static string Headline(AlertNotice notice)
    {
        var since = notice.FiringSince is { } s ? $" (firing since {AlertFigure.Format(s)})" : "";
        return notice.Notice switch
        {
            AlertNoticeKind.Firing => $"{notice.Kind} alert for job {notice.Job}: {notice.Title}.",
            AlertNoticeKind.Reminder => $"Still firing{since}: {notice.Title}.",
            _ => $"Resolved at {AlertFigure.Format(notice.At)}{since}: {notice.Title} no longer holds.",
        };
    }
}
