namespace HeadlessSales.Api.Tests.Activities;

/// <summary>Changes the tenant's sequence and language, so it has a host of its own.</summary>
public sealed class FollowUpSettingsTests(ActivitiesFixture api) : IClassFixture<ActivitiesFixture>
{
    private const string Update = """
        mutation($input: UpdateFollowUpSettingsInput!) { updateFollowUpSettings(input: $input) {
          settings { summaryLanguage steps { code tagCodes allowedDays } }
          errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on UnknownCodeError { field value } } } }
        """;

    [Fact]
    public async Task EmptySequence_UnknownTags_AndBadSteps_AreRefused_AndTheSequenceIsKept()
    {
        var admin = api.As("admin");
        const string Current = "{ followUpSettings { summaryLanguage steps { code tagCodes allowedDays } } }";
        var before = await admin.QueryAsync(Current);
        var empty = await admin.QueryAsync(Update, new { input = new { steps = Array.Empty<object>() } });
        var unknown = await admin.QueryAsync(Update, new { input = new { steps = new[] {
            new { code = "ONLY", nameZh = "唯一", nameEn = "only", tagCodes = new[] { "FIRST_CONTACT", "NOT_A_TAG" }, allowedDays = 3 },
            new { code = "only", nameZh = "重复", nameEn = "again", tagCodes = Array.Empty<string>(), allowedDays = 0 } } } });
        var byRep = await api.As("rep").PostAsync(Update, new { input = new { summaryLanguage = "ENGLISH" } });

        Assert.Equal("input.steps", empty["updateFollowUpSettings"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Null(empty["updateFollowUpSettings"]!["settings"]);
        var errors = unknown["updateFollowUpSettings"]!["errors"]!.AsArray().Select(e => $"{e!["__typename"]}:{e["field"]}:{e["value"]}").ToList();
        Assert.Equal(["UnknownCodeError:input.steps[0].tagCodes:NOT_A_TAG", "ValidationError:input.steps[1].code:", "ValidationError:input.steps[1].tagCodes:", "ValidationError:input.steps[1].allowedDays:"], errors);
        Assert.Equal("FORBIDDEN", byRep.FirstErrorCode);
        var kept = await admin.QueryAsync(Current);
        Assert.Equal(before.ToJsonString(), kept.ToJsonString());
    }

    [Fact]
    public async Task NewSequence_RecomputesProgress_AndEnglishSummariesFollowTheLanguage()
    {
        var rep = api.As("rep");
        var leadId = await api.CreateRepLeadAsync("重新配置");
        await api.LogOkAsync(rep, new { subjectId = leadId, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "PRICE_CONCERN" } });
        const string Progress = "query($id: ID!) { node(id: $id) { ... on Lead { followUp { completedStepCount currentStep { step { code } } } } } }";
        var before = await rep.QueryAsync(Progress, new { id = leadId });

        var changed = await api.As("admin").QueryAsync(Update, new { input = new { summaryLanguage = "ENGLISH", steps = new[] {
            new { code = "PRICE_TALK", nameZh = "价格沟通", nameEn = "price talk", tagCodes = new[] { "price_concern" }, allowedDays = 2 },
            new { code = "CLOSE", nameZh = "签约", nameEn = "close", tagCodes = new[] { "SIGNING_INTENT" }, allowedDays = 10 } } } });
        var after = await rep.QueryAsync(Progress, new { id = leadId });
        var english = await api.LogOkAsync(rep, new { subjectId = leadId, kind = "DOCUMENT_VIEW", occurredAt = api.Now(), tagCodes = new[] { "COMPETITOR_COMPARISON" }, outcome = "NEUTRAL" });

        Assert.Empty(changed["updateFollowUpSettings"]!["errors"]!.AsArray());
        Assert.Equal("FIRST_CONTACT", before["node"]!["followUp"]!["currentStep"]!["step"]!["code"]!.GetValue<string>());
        Assert.Equal((1, "CLOSE"), (after["node"]!["followUp"]!["completedStepCount"]!.GetValue<int>(), after["node"]!["followUp"]!["currentStep"]!["step"]!["code"]!.GetValue<string>()));
        Assert.EndsWith(": competitor comparison. Outcome: neutral. No next step agreed.", english["summary"]!.GetValue<string>());
        Assert.StartsWith("Document view by ", english["summary"]!.GetValue<string>());
    }
}
