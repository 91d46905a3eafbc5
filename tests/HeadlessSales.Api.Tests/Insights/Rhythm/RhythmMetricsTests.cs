using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Insights.Rhythm;
using HeadlessSales.Api.Tests.Contracts;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Tests.Insights.Rhythm;

/// <summary>The month's rhythm (per day, last-3-days share, Gini, lags), the month-end spike alert, and the rhythm bonus.</summary>
public sealed class RhythmMetricsTests(RhythmFixture api) : IClassFixture<RhythmFixture>
{
    /// <summary>Noon in Shanghai (the demo tenant's zone) on a day of June 2020: 04:00 UTC.</summary>
    private static DateTime June(int day, int hour = 4) => new(2020, 6, day, hour, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// June 2020 (30 days) in A's team, signed contracts by local day: day 5 one of 300,000 (A); day 15 one of 100,000 (B);
    /// day 28 two, day 29 three, day 30 three, 100,000 each (A and B); the third of day 30 at 15:30 UTC, 23:30 local, still the
    /// 30th. Not counted: one signed at 16:30 UTC on 30 June, which is 00:30 on 1 July in Shanghai.
    ///
    /// Signings 10, amount 1,200,000. Last 3 days (28–30): 8 signings → 0.8; 800,000 → 2/3.
    /// Gini over the 30 days, x = {1, 1, 2, 3, 3, and 25 zeros}, n = 30, mean μ = 10/30 = 1/3.
    /// Σ over unordered pairs |xi − xj|: 0–1: 25·2·1 = 50; 0–2: 25·1·2 = 50; 0–3: 25·2·3 = 150; 1–2: 2·1·1 = 2; 1–3: 2·2·2 = 8;
    /// 2–3: 1·2·1 = 2 → 262, so the ordered sum is 524, and G = 524 / (2 · 30² · 1/3) = 524 / 600 = 0.87333….
    /// Lag: the day-5 contract's opportunity was signalled on 1 June (4 days before), the day-15 one on 10 June (5 days) → 4.5.
    /// Approval cycle: the day-15 contract was approved 60 hours after it was requested → 2.5 days.
    /// </summary>
    [Fact]
    public async Task SeededJune_ShowsItsMonthEndSpike_LinearityAndLags()
    {
        var definition = await DefinitionAsync("TECH_PROPOSAL_SIGNED", 40);
        var account = await api.AccountAsync(api.A, Industry.BuildingMaterials, "节奏-六月客户", June(1));
        var signings = new List<(long Owner, DateTime At, decimal Amount)>
        {
            (api.A, June(5), 300_000m), (api.B, June(15), 100_000m),
            (api.A, June(28), 100_000m), (api.B, June(28, 10), 100_000m),
            (api.A, June(29), 100_000m), (api.A, June(29, 6), 100_000m), (api.B, June(29, 8), 100_000m),
            (api.A, June(30), 100_000m), (api.B, June(30, 9), 100_000m), (api.A, June(30, 15).AddMinutes(30), 100_000m),
        };
        var contracts = new List<(long ContractId, long OpportunityId)>();
        foreach (var (owner, at, amount) in signings)
        {
            contracts.Add(await SignedContractAsync(owner, account, at, amount));
        }

        // A contract signed on 1 July 00:30 Shanghai (30 June 16:30 UTC) belongs to July.
        await SignedContractAsync(api.A, account, June(30, 16).AddMinutes(30), 100_000m);

        await using (var db = api.Pool.Rent(api.TenantId))
        {
            db.DecisionSignals.Add(DecisionSignal.Of(definition, contracts[0].OpportunityId, api.A, June(1)));
            db.DecisionSignals.Add(DecisionSignal.Of(definition, contracts[1].OpportunityId, api.B, June(10)));
            var policy = await db.ApprovalPolicies.Select(p => p.Id).FirstAsync();
            db.ApprovalRequests.Add(new ApprovalRequest
            {
                TenantId = api.TenantId, PolicyId = policy, SubjectType = ContractApprovalSubject.Type, SubjectId = contracts[1].ContractId, SubjectOwnerId = api.B,
                Status = ApprovalStatus.Approved, RequestedAt = June(12, 8), CompletedAt = June(14, 20),
            });
            await db.SaveChangesAsync();
        }

        var lead = await api.MemberAsync("teamlead");
        var month = (await lead.QueryAsync("""
            query($team: ID) { rhythmMetrics(year: 2020, month: 6, teamId: $team) {
              signings amount perDay { day signings amount } lastThreeDaysShare lastThreeDaysAmountShare linearityGini signalToSignatureLagDays approvalCycleDays monthEndSpike { raised } } }
            """, new { team = RhythmFixture.Id("Team", api.TeamId) }))["rhythmMetrics"]!;
        Assert.Equal(10, month["signings"]!.GetValue<int>());
        Assert.Equal(1_200_000m, decimal.Parse(month["amount"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        var perDay = month["perDay"]!.AsArray();
        Assert.Equal(30, perDay.Count);
        Assert.Equal([(5, 1), (15, 1), (28, 2), (29, 3), (30, 3)],
            perDay.Where(d => d!["signings"]!.GetValue<int>() > 0).Select(d => (d!["day"]!.GetValue<int>(), d["signings"]!.GetValue<int>())));
        Assert.Equal(0.8, month["lastThreeDaysShare"]!.GetValue<double>(), 9);
        Assert.Equal(2.0 / 3, month["lastThreeDaysAmountShare"]!.GetValue<double>(), 9);
        Assert.Equal(524.0 / 600, month["linearityGini"]!.GetValue<double>(), 9);
        Assert.Equal(4.5, month["signalToSignatureLagDays"]!.GetValue<double>(), 6);
        Assert.Equal(2.5, month["approvalCycleDays"]!.GetValue<double>(), 6);
        // June 2020 is over: no alert is raised for it.
        Assert.Null(month["monthEndSpike"]);

        // The rep sees only their own: days 5, 28, 29 (2), 30 (2) → 6 signings, 5 in the last 3 days.
        var rep = await api.MemberAsync("rep");
        var own = (await rep.QueryAsync("{ rhythmMetrics(year: 2020, month: 6) { signings lastThreeDaysShare } }"))["rhythmMetrics"]!;
        Assert.Equal(6, own["signings"]!.GetValue<int>());
        Assert.Equal(5.0 / 6, own["lastThreeDaysShare"]!.GetValue<double>(), 9);
    }

    [Fact]
    public void Gini_IsZeroForAnEvenMonth_AndNearOneWhenOneDaySignsEverything()
    {
        Assert.Equal(0, RhythmMetrics.Gini(Enumerable.Repeat(2, 30).ToList()));
        Assert.Equal(29.0 / 30, RhythmMetrics.Gini([.. Enumerable.Repeat(0, 29), 12]), 12);
        Assert.Equal(0, RhythmMetrics.Gini(Enumerable.Repeat(0, 30).ToList()));
    }

    /// <summary>
    /// November 2026, on its 27th (the clock): A's open opportunities with a decision signal expect to close on the 27th, 28th,
    /// 29th and 30th; 3 of 4 in the last 3 days (28–30) = 0.75 ≥ 0.3 → raised. Not counted: one expected on the 29th that is
    /// already signed, one on the 30th without a signal, one on the 28th expected in December (2 Dec).
    /// </summary>
    [Fact]
    public async Task ReadyToSignForecastClusteringLate_RaisesTheMonthEndSpike_BeforeTheMonthEnds()
    {
        var definition = await DefinitionAsync("SAMPLE_TEST_PASSED", 30);
        var now = api.Clock.GetUtcNow().UtcDateTime;
        var account = await api.AccountAsync(api.A, Industry.NewEnergy, "节奏-月末客户", now.AddDays(-60));
        var signalled = new List<long>();
        foreach (var day in new[] { 27, 28, 29, 30 })
        {
            signalled.Add(await api.OpportunityAsync(api.A, account, $"节奏-月末{day}", now.AddDays(-30), expectedClose: new DateOnly(2026, 11, day)));
        }

        var (_, alreadySigned) = await SignedContractAsync(api.A, account, now.AddDays(-1), 100_000m, new DateOnly(2026, 11, 29));
        signalled.Add(alreadySigned);
        signalled.Add(await api.OpportunityAsync(api.A, account, "节奏-十二月", now.AddDays(-30), expectedClose: new DateOnly(2026, 12, 2)));
        await api.OpportunityAsync(api.A, account, "节奏-无信号", now.AddDays(-30), expectedClose: new DateOnly(2026, 11, 30));
        await using (var db = api.Pool.Rent(api.TenantId))
        {
            db.DecisionSignals.AddRange(signalled.Select(id => DecisionSignal.Of(definition, id, api.A, now.AddDays(-2))));
            await db.SaveChangesAsync();
        }

        var rep = await api.MemberAsync("rep");
        var spike = (await rep.QueryAsync("{ rhythmMetrics(year: 2026, month: 11) { monthEndSpike { raised readyToSign lateReadyToSign lateShare message } } }"))["rhythmMetrics"]!["monthEndSpike"]!;
        Assert.Equal((true, 4, 3, 0.75), (spike["raised"]!.GetValue<bool>(), spike["readyToSign"]!.GetValue<int>(), spike["lateReadyToSign"]!.GetValue<int>(), spike["lateShare"]!.GetValue<double>()));
        Assert.StartsWith("月末签约扎堆预警: 3 of 4 ready-to-sign deals", spike["message"]!.GetValue<string>());
    }

    /// <summary>
    /// The bonus: 1.5 % between the 11th and the 20th. A contract of 200,000 signed on 15 Nov (Shanghai) earns 3,000.00, once,
    /// although the provider's callback comes six times at once and once more later; one signed on 25 Nov earns nothing.
    /// </summary>
    [Fact]
    public async Task RhythmBonus_LandsOnceInTheLedger_UnderConcurrentAndReplayedSignatures()
    {
        var integration = api.CreateGraphQLClient();
        var settings = await integration.QueryAsync("""
            mutation { updateRhythmSettings(input: { bonusRate: "0.015", bonusFromDay: 11, bonusToDay: 20 }) { settings { bonusRate bonusFromDay bonusToDay } errors { __typename } } }
            """);
        Assert.Equal("0.015", settings["updateRhythmSettings"]!["settings"]!["bonusRate"]!.GetValue<string>());

        var scenario = new ContractScenario(api);
        var midMonth = await scenario.ApprovedContractAsync("200000");
        var lateMonth = await scenario.ApprovedContractAsync("200000");
        var owner = (await integration.QueryAsync("query($id: ID!) { node(id: $id) { ... on Contract { opportunity { owner { id } } } } }", new { id = midMonth }))
            ["node"]!["opportunity"]!["owner"]!["id"]!.GetValue<string>();

        object Signed(string contractId, string reference, string at) => new { input = new { contractId, status = "SIGNED", providerReference = reference, occurredAt = at } };
        var callbacks = Enumerable.Range(0, 6).Select(_ => integration.PostAsync(ContractScenario.RecordSignature, Signed(midMonth, "env-mid", "2026-11-15T04:00:00Z")));
        foreach (var response in await Task.WhenAll(callbacks))
        {
            Assert.Equal("SIGNED", response.Data!["recordSignatureStatus"]!["contract"]!["signatureStatus"]!.GetValue<string>());
        }

        await integration.QueryAsync(ContractScenario.RecordSignature, Signed(midMonth, "env-mid", "2026-11-15T04:00:00Z"));
        await integration.QueryAsync(ContractScenario.RecordSignature, Signed(lateMonth, "env-late", "2026-11-25T04:00:00Z"));

        var ledger = await integration.QueryAsync("""
            query($m: ID!) { incentiveLedger(memberId: $m) { entries { kind amount { amount currency } reason opportunity { id } } } }
            """, new { m = owner });
        var bonuses = ledger["incentiveLedger"]!["entries"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "RHYTHM_BONUS").ToList();
        var bonus = Assert.Single(bonuses);
        Assert.Equal((3000m, "CNY"), (decimal.Parse(bonus!["amount"]!["amount"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), bonus["amount"]!["currency"]!.GetValue<string>()));
        Assert.Contains("1.5 % of", bonus["reason"]!.GetValue<string>());
        Assert.Contains("signed on day 15", bonus["reason"]!.GetValue<string>());
    }

    private async Task<DecisionSignalDefinition> DefinitionAsync(string code, int weight)
    {
        await using var db = api.Pool.Rent(api.TenantId);
        var definition = db.DecisionSignalDefinitions.Add(new DecisionSignalDefinition
        {
            TenantId = api.TenantId, Code = code, Name = code, Source = DecisionSignalSource.Api, Weight = weight, CreatedAt = api.Clock.GetUtcNow().UtcDateTime,
        }).Entity;
        await db.SaveChangesAsync();
        return definition;
    }

    /// <summary>An opportunity at 签约 with a contract signed at <paramref name="signedAt"/>, written as the e-signature flow leaves it.</summary>
    private async Task<(long ContractId, long OpportunityId)> SignedContractAsync(long owner, long account, DateTime signedAt, decimal amount, DateOnly? expectedClose = null)
    {
        var opportunity = await api.OpportunityAsync(owner, account, $"节奏-签约-{Guid.NewGuid():N}"[..20], signedAt.AddDays(-40), "SIGNING", amount, expectedClose);
        await using var db = api.Pool.Rent(api.TenantId);
        var contract = db.Contracts.Add(new Contract
        {
            TenantId = api.TenantId, OpportunityId = opportunity, AccountId = account, OwnerId = owner, Title = "节奏合同", Amount = amount, Currency = "CNY",
            ApprovalStatus = ContractApprovalStatus.Approved, SignatureStatus = SignatureStatus.Signed, SignatureReference = Guid.NewGuid().ToString("N"),
            SignatureUpdatedAt = signedAt, SignedAt = signedAt, CreatedAt = signedAt.AddDays(-3), UpdatedAt = signedAt,
        }).Entity;
        await db.SaveChangesAsync();
        return (contract.Id, opportunity);
    }
}
