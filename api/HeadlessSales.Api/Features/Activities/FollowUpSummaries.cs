using System.Globalization;
using System.Text;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>What a summary is made from: the follow-up as logged, with names already in the summary's language.</summary>
public sealed record FollowUpSummaryInput(
    SummaryLanguage Language,
    ActivityKind Kind,
    string MemberName,
    string SubjectName,
    IReadOnlyList<string> TagNames,
    IReadOnlyList<string> Concerns,
    ActivityOutcome? Outcome,
    string? NextStep,
    DateOnly? NextStepDueOn);

/// <summary>
/// Writes the summary a manager reads on the board. The default is a deterministic template; a deployment
/// may register another (e.g. a language model) in its place.
/// </summary>
public interface IFollowUpSummarizer
{
    ValueTask<string> SummarizeAsync(FollowUpSummaryInput input, CancellationToken cancellationToken);
}

/// <summary>The same follow-up always reads the same: kind, who and whom, tags, concerns, outcome, next step and due date.</summary>
public sealed class TemplateFollowUpSummarizer : IFollowUpSummarizer
{
    public ValueTask<string> SummarizeAsync(FollowUpSummaryInput input, CancellationToken cancellationToken) =>
        ValueTask.FromResult(input.Language == SummaryLanguage.English ? English(input) : Chinese(input));

    private static string Chinese(FollowUpSummaryInput input)
    {
        var text = new StringBuilder();
        text.Append('【').Append(KindZh(input.Kind)).Append('】').Append(input.MemberName).Append(" 跟进 ").Append(input.SubjectName)
            .Append('：').Append(string.Join("、", input.TagNames)).Append('。');
        if (input.Concerns.Count > 0)
        {
            text.Append("客户关注：").Append(string.Join("；", input.Concerns)).Append('。');
        }

        if (input.Outcome is { } outcome)
        {
            text.Append("结果：").Append(OutcomeZh(outcome)).Append('。');
        }

        if (input.NextStep is { } next)
        {
            text.Append("下一步：").Append(next);
            if (input.NextStepDueOn is { } due)
            {
                text.Append("（").Append(due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" 前）");
            }

            text.Append('。');
        }
        else
        {
            text.Append("未定下一步。");
        }

        return text.ToString();
    }

    private static string English(FollowUpSummaryInput input)
    {
        var text = new StringBuilder();
        text.Append(KindEn(input.Kind)).Append(" by ").Append(input.MemberName).Append(" with ").Append(input.SubjectName)
            .Append(": ").Append(string.Join(", ", input.TagNames)).Append('.');
        if (input.Concerns.Count > 0)
        {
            text.Append(" Concerns: ").Append(string.Join("; ", input.Concerns)).Append('.');
        }

        if (input.Outcome is { } outcome)
        {
            text.Append(" Outcome: ").Append(OutcomeEn(outcome)).Append('.');
        }

        if (input.NextStep is { } next)
        {
            text.Append(" Next step: ").Append(next);
            if (input.NextStepDueOn is { } due)
            {
                text.Append(" (due ").Append(due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(')');
            }

            text.Append('.');
        }
        else
        {
            text.Append(" No next step agreed.");
        }

        return text.ToString();
    }

    private static string KindZh(ActivityKind kind) => kind switch
    {
        ActivityKind.Call => "电话",
        ActivityKind.Visit => "拜访",
        ActivityKind.VideoDemo => "视频演示",
        ActivityKind.Email => "邮件",
        ActivityKind.Meeting => "会议",
        ActivityKind.DocumentView => "资料查阅",
        _ => kind.ToString(),
    };

    private static string KindEn(ActivityKind kind) => kind switch
    {
        ActivityKind.Call => "Call",
        ActivityKind.Visit => "Visit",
        ActivityKind.VideoDemo => "Video demo",
        ActivityKind.Email => "Email",
        ActivityKind.Meeting => "Meeting",
        ActivityKind.DocumentView => "Document view",
        _ => kind.ToString(),
    };

    private static string OutcomeZh(ActivityOutcome outcome) => outcome switch
    {
        ActivityOutcome.Positive => "积极",
        ActivityOutcome.Neutral => "一般",
        ActivityOutcome.Negative => "消极",
        ActivityOutcome.NoAnswer => "未接通",
        _ => outcome.ToString(),
    };

    private static string OutcomeEn(ActivityOutcome outcome) => outcome switch
    {
        ActivityOutcome.Positive => "positive",
        ActivityOutcome.Neutral => "neutral",
        ActivityOutcome.Negative => "negative",
        ActivityOutcome.NoAnswer => "no answer",
        _ => outcome.ToString(),
    };
}
