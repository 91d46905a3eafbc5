using HeadlessSales.Api.Features.Activities;

namespace HeadlessSales.Api.Tests.Activities;

public sealed class FollowUpRulesTests
{
    private static readonly DateTime Start = new(2026, 11, 2, 1, 0, 0, DateTimeKind.Utc);

    private static (DateTime, IReadOnlyCollection<string>) At(int days, params string[] tags) => (Start.AddDays(days), tags);

    [Fact]
    public void Steps_CompleteInOrder_OneActivityMayCompleteConsecutiveSteps_ButNoneIsSkipped()
    {
        var steps = FollowUpCatalog.DefaultSteps();

        var completed = FollowUpRules.CompletionTimes(steps, [
            At(1, "PRICE_CONCERN"),
            At(2, "SOLUTION_DEMO"),
            At(3, "FIRST_CONTACT"),
            At(4, "BUDGET_CONFIRMED", "SITE_SURVEY"),
            At(5, "SIGNING_INTENT"),
        ]);

        Assert.Equal([Start.AddDays(3), Start.AddDays(4), Start.AddDays(4)], completed);
        Assert.Equal(Start.AddDays(4 + 14), FollowUpRules.CurrentStepDueAt(steps, Start, completed));
    }

    [Fact]
    public void Progress_MarksTheCurrentStepOverdue_OnlyAfterItsDueTime()
    {
        var steps = FollowUpCatalog.DefaultSteps();

        var onTime = FollowUpRules.Progress(steps, Start, [], null, Start.AddDays(3));
        var late = FollowUpRules.Progress(steps, Start, [], null, Start.AddDays(3).AddTicks(1));
        var finished = FollowUpRules.Progress(steps, Start, [.. Enumerable.Range(1, 5).Select(d => Start.AddDays(d))], Start.AddDays(5), Start.AddYears(1));

        Assert.Null(onTime.OverdueSince);
        Assert.Equal(Start.AddDays(3), late.OverdueSince);
        Assert.Equal([FollowUpStepStatus.Current, FollowUpStepStatus.Pending, FollowUpStepStatus.Pending, FollowUpStepStatus.Pending, FollowUpStepStatus.Pending], late.Steps.Select(s => s.Status));
        Assert.True(finished.IsCompleted);
        Assert.Null(finished.OverdueSince);
        Assert.Null(FollowUpRules.CurrentStepDueAt(steps, Start, [.. Enumerable.Range(1, 5).Select(d => Start.AddDays(d))]));
    }

    [Theory]
    [InlineData(SummaryLanguage.Chinese, "【电话】王伟 跟进 苏州示例光能：价格疑虑。未定下一步。")]
    [InlineData(SummaryLanguage.English, "Call by 王伟 with 苏州示例光能: price concern. No next step agreed.")]
    public async Task Summary_WithoutConcernsOrNextStep_SaysSo(SummaryLanguage language, string expected)
    {
        var summary = await new TemplateFollowUpSummarizer().SummarizeAsync(new FollowUpSummaryInput(
            language, ActivityKind.Call, "王伟", "苏州示例光能", [language == SummaryLanguage.English ? "price concern" : "价格疑虑"], [], null, null, null), CancellationToken.None);

        Assert.Equal(expected, summary);
    }
}
