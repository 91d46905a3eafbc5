using System.Data.Common;
using System.Globalization;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Insights.Clustering;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Insights;

/// <summary>
/// The twelve behaviour metrics and the wins, as <see cref="BehaviourMetricReader"/> computes them, against SQL written by
/// hand on SQLite and PostgreSQL. The hand-written SQL reads the follow-ups' own tag lists (not the tag rows the reader
/// counts) and takes each provider's own date arithmetic. Three reps of a team of their own: R3 hand-built with every
/// figure worked out below; R1 and R2 generated (fixed seed) around the period's edges.
/// </summary>
public sealed class BehaviourMetricAgreementTests
{
    /// <summary>Four weeks: [Mon 5 Oct 2026, Mon 2 Nov 2026).</summary>
    private static readonly DateTime From = new(2026, 10, 5, 0, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime To = new(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);

    private static DateTime October(int day, int hour = 10, int minute = 0) => new(2026, 10, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public async Task TwelveMetricsAndWins_AgreeWithHandWrittenSql_OnEachProvider()
    {
        await PostgresTestDatabase.OnEachProviderAsync(async (connectionString, provider) =>
        {
            await using var api = connectionString is null ? new ApiFactory() : new ProviderApiFactory("PostgreSql", connectionString);
            var set = await MetricDataSet.SeedAsync(api.Services);
            await using var db = api.Services.GetRequiredService<ISalesDbContextPool>().Rent(set.TenantId);
            var figures = (await BehaviourMetricReader.ReadAsync(db, [(set.R1, false), (set.R2, false), (set.R3, true)], From, To, CancellationToken.None))
                .ToDictionary(f => f.MemberId);

            // R3, worked out in MetricDataSet.SeedR3Async.
            var r3 = figures[set.R3];
            Assert.Equal(
                [0.5, 1.0, 0.25, 0.25, 3.0, 0.6, 0.5, 0.5, 0.25, 0.25, 0.5, 0.25],
                BehaviourMetricReader.All.Select(m => r3.Metrics[m]!.Value));
            Assert.Equal(1, r3.Wins);

            var sql = await HandWrittenAsync(db, provider, set);
            foreach (var rep in new[] { set.R1, set.R2, set.R3 })
            {
                var expected = sql[rep];
                foreach (var metric in BehaviourMetricReader.All)
                {
                    var actual = figures[rep].Metrics[metric];
                    Assert.True(expected.Metrics[metric] is null ? actual is null : actual is { } value && Math.Abs(value - expected.Metrics[metric]!.Value) < 1e-9,
                        $"{provider}, rep {rep}, {metric}: reader {actual}, SQL {expected.Metrics[metric]}");
                }

                Assert.Equal(expected.Wins, figures[rep].Wins);
            }

            // The generated reps exercise every metric: something to measure, and not all of one kind.
            Assert.All(BehaviourMetricReader.All, m => Assert.NotNull(figures[set.R1].Metrics[m]));
            Assert.True(sql[set.R1].Metrics[BehaviourMetric.TechnicalResponseRate] is > 0 and < 1, "R1 answers some technical questions, not all");
        });
    }

    private sealed record Expected(Dictionary<BehaviourMetric, double?> Metrics, int Wins);

    /// <summary>Each metric's numerator and denominator per rep, as an analyst would write them.</summary>
    private static async Task<Dictionary<long, Expected>> HandWrittenAsync(SalesDbContext db, string provider, MetricDataSet set)
    {
        var sqlite = provider == "SQLite";
        string HasTag(string alias, string tag) => sqlite
            ? $"EXISTS (SELECT 1 FROM json_each({alias}.\"TagCodes\") WHERE value = '{tag}')"
            : $"'{tag}' = ANY({alias}.\"TagCodes\")";
        string NoLaterThan(string later, string earlier, int minutes) => sqlite
            ? $"unixepoch({later}) <= unixepoch({earlier}) + {minutes * 60}"
            : $"{later} <= {earlier} + interval '{minutes} minutes'";
        var reps = string.Join(", ", set.R1, set.R2, set.R3);
        var period = "\"OccurredAt\" >= @from AND \"OccurredAt\" < @to";

        var followUps = await QueryAsync(db, set.TenantId, $"""
            SELECT "MemberId", COUNT(*),
                   SUM(CASE WHEN "Kind" = 'VideoDemo' THEN 1 ELSE 0 END), SUM(CASE WHEN "Kind" = 'Visit' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN "Outcome" = 'Positive' THEN 1 ELSE 0 END), SUM(CASE WHEN "NextStep" IS NOT NULL THEN 1 ELSE 0 END),
                   SUM(CASE WHEN {HasTag("a", "COMPETITOR_COMPARISON")} THEN 1 ELSE 0 END), SUM(CASE WHEN {HasTag("a", "PRICE_CONCERN")} THEN 1 ELSE 0 END)
            FROM "Activities" a WHERE a."TenantId" = @tenant AND a."MemberId" IN ({reps}) AND a.{period}
            GROUP BY "MemberId"
            """);
        var technical = await QueryAsync(db, set.TenantId, $"""
            SELECT q."MemberId", COUNT(*),
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM "Activities" a
                                         WHERE a."TenantId" = q."TenantId" AND a."MemberId" = q."MemberId" AND a."SubjectKind" = q."SubjectKind"
                                           AND a."SubjectId" = q."SubjectId" AND a."OccurredAt" > q."OccurredAt"
                                           AND {NoLaterThan("a.\"OccurredAt\"", "q.\"OccurredAt\"", 24 * 60)}) THEN 1 ELSE 0 END)
            FROM "Activities" q WHERE q."TenantId" = @tenant AND q."MemberId" IN ({reps}) AND q.{period} AND {HasTag("q", "TECHNICAL_EXCHANGE")}
            GROUP BY q."MemberId"
            """);
        var leads = await QueryAsync(db, set.TenantId, $"""
            SELECT "OwnerId", COUNT(*),
                   SUM(CASE WHEN "ConvertedAt" IS NOT NULL AND "ConvertedAt" < @to THEN 1 ELSE 0 END),
                   SUM(CASE WHEN "FirstRespondedAt" IS NOT NULL AND {NoLaterThan("\"FirstRespondedAt\"", "\"AssignedAt\"", 30)} THEN 1 ELSE 0 END)
            FROM "Leads" WHERE "TenantId" = @tenant AND "OwnerId" IN ({reps}) AND "AssignedAt" >= @from AND "AssignedAt" < @to
            GROUP BY "OwnerId"
            """);
        var stays = await QueryAsync(db, set.TenantId, $"""
            SELECT o."OwnerId",
                   SUM(CASE WHEN e."EnteredAt" < @to AND (e."LeftAt" IS NULL OR e."LeftAt" >= @from) THEN 1 ELSE 0 END),
                   SUM(CASE WHEN e."EnteredAt" >= @from AND e."EnteredAt" < @to AND e."Kind" IN ('Advanced', 'Overridden') THEN 1 ELSE 0 END),
                   SUM(CASE WHEN e."EnteredAt" >= @from AND e."EnteredAt" < @to
                             AND NOT EXISTS (SELECT 1 FROM "PipelineStages" later WHERE later."PipelineId" = s."PipelineId" AND later."Position" > s."Position")
                            THEN 1 ELSE 0 END)
            FROM "OpportunityStageEntries" e
            JOIN "Opportunities" o ON o."Id" = e."OpportunityId"
            JOIN "PipelineStages" s ON s."Id" = e."StageId"
            WHERE o."TenantId" = @tenant AND o."OwnerId" IN ({reps})
            GROUP BY o."OwnerId"
            """);
        var proposals = await QueryAsync(db, set.TenantId, $"""
            SELECT o."OwnerId", COUNT(*), COUNT(DISTINCT d."OpportunityId")
            FROM "Documents" d
            JOIN "DocumentKinds" k ON k."Id" = d."KindId"
            JOIN "Opportunities" o ON o."Id" = d."OpportunityId"
            WHERE d."TenantId" = @tenant AND o."OwnerId" IN ({reps}) AND d."CreatedAt" >= @from AND d."CreatedAt" < @to
              AND k."Code" IN ('SOLUTION_PROPOSAL', 'QUOTATION')
            GROUP BY o."OwnerId"
            """);

        var weeks = (To - From).TotalDays / 7;
        static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;
        return new[] { set.R1, set.R2, set.R3 }.ToDictionary(rep => rep, rep =>
        {
            var f = followUps.GetValueOrDefault(rep, new long[8]);
            var t = technical.GetValueOrDefault(rep, new long[3]);
            var l = leads.GetValueOrDefault(rep, new long[4]);
            var s = stays.GetValueOrDefault(rep, new long[4]);
            var p = proposals.GetValueOrDefault(rep, new long[3]);
            return new Expected(new Dictionary<BehaviourMetric, double?>
            {
                [BehaviourMetric.TechnicalResponseRate] = Ratio(t[2], t[1]),
                [BehaviourMetric.FollowUpsPerWeek] = f[1] / weeks,
                [BehaviourMetric.VideoDemosPerWeek] = f[2] / weeks,
                [BehaviourMetric.VisitsPerWeek] = f[3] / weeks,
                [BehaviourMetric.ProposalRevisions] = Ratio(p[1], p[2]),
                [BehaviourMetric.StageAdvanceRate] = Ratio(s[2], s[1]),
                [BehaviourMetric.LeadConversionRate] = Ratio(l[2], l[1]),
                [BehaviourMetric.FastFirstResponseRate] = Ratio(l[3], l[1]),
                [BehaviourMetric.CompetitorComparisonRate] = Ratio(f[6], f[1]),
                [BehaviourMetric.PriceConcernRate] = Ratio(f[7], f[1]),
                [BehaviourMetric.PositiveOutcomeRate] = Ratio(f[4], f[1]),
                [BehaviourMetric.NextStepRate] = Ratio(f[5], f[1]),
            }, (int)s[3]);
        });
    }

    /// <summary>Rows keyed by their first column; every column read as a whole number (a SUM over no row reads 0).</summary>
    private static async Task<Dictionary<long, long[]>> QueryAsync(SalesDbContext db, long tenantId, string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "tenant", tenantId);
        Add(command, "from", From);
        Add(command, "to", To);
        var rows = new Dictionary<long, long[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var values = Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture)).ToArray();
            rows[values[0]] = values;
        }

        return rows;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A team of three reps in the demo rep's region, with a pipeline, accounts, follow-ups, leads, stage history and files of its own.</summary>
    private sealed class MetricDataSet
    {
        public long TenantId { get; private set; }

        public long R1 { get; private set; }

        public long R2 { get; private set; }

        public long R3 { get; private set; }

        private long _teamId;
        private DateTime _now;
        private SalesPipeline _pipeline = null!;
        private PipelineStage[] _stages = [];
        private long _proposalKind;
        private long _quotationKind;
        private long _otherKind;

        public static async Task<MetricDataSet> SeedAsync(IServiceProvider services)
        {
            var set = new MetricDataSet();
            var pool = services.GetRequiredService<ISalesDbContextPool>();
            long regionId;
            await using (var across = pool.RentAcrossTenants())
            {
                var rep = await across.Members.IgnoreQueryFilters().SingleAsync(m => m.Email == "rep@demo.example.com");
                set.TenantId = rep.TenantId;
                regionId = rep.RegionId ?? await across.Teams.IgnoreQueryFilters().Where(t => t.Id == rep.TeamId).Select(t => t.RegionId).SingleAsync();
            }

            await using var db = pool.Rent(set.TenantId);
            set._now = DateTime.UtcNow;
            var team = db.Teams.Add(new Team { TenantId = set.TenantId, RegionId = regionId, Name = "指标一致性组", CreatedAt = set._now }).Entity;
            await db.SaveChangesAsync();
            set._teamId = team.Id;
            long AddRep(string name)
            {
                var member = db.Members.Add(new Member
                {
                    TenantId = set.TenantId, Name = name, Email = $"{name.ToLowerInvariant()}.metrics@demo.example.com", Role = MemberRole.Rep, TeamId = set._teamId,
                    RegionId = regionId, HiredOn = new DateOnly(2024, 1, 1), CreatedAt = set._now, UpdatedAt = set._now,
                }).Entity;
                db.SaveChanges();
                return member.Id;
            }

            (set.R1, set.R2, set.R3) = (AddRep("R1"), AddRep("R2"), AddRep("R3"));
            set._pipeline = db.Pipelines.Add(new SalesPipeline { TenantId = set.TenantId, Code = "METRICS", Name = "指标测试", CreatedAt = set._now }).Entity;
            await db.SaveChangesAsync();
            set._stages = [.. new[] { "M0", "M1", "M2" }.Select((code, i) => db.PipelineStages.Add(new PipelineStage
            {
                TenantId = set.TenantId, PipelineId = set._pipeline.Id, Position = i, Code = code, Name = code, DefaultProbability = 10 * (i + 1), CreatedAt = set._now,
            }).Entity)];
            await db.SaveChangesAsync();
            var kinds = await db.DocumentKinds.ToDictionaryAsync(k => k.Code, k => k.Id);
            (set._proposalKind, set._quotationKind) = (kinds[DocumentKindCatalog.SolutionProposal], kinds[DocumentKindCatalog.Quotation]);
            set._otherKind = kinds.First(k => k.Key is not DocumentKindCatalog.SolutionProposal and not DocumentKindCatalog.Quotation).Value;

            await set.SeedR3Async(db);
            var random = new Random(2026);
            foreach (var rep in new[] { set.R1, set.R2 })
            {
                await set.SeedGeneratedAsync(db, rep, random);
            }

            return set;
        }

        private Account AddAccount(SalesDbContext db, string name, long owner) =>
            db.Accounts.Add(new Account { TenantId = TenantId, Name = name, Industry = Industry.Automotive, Size = CompanySize.Small, Ownership = OwnershipType.Private, OwnerId = owner, CreatedAt = _now, UpdatedAt = _now }).Entity;

        private Activity FollowUp(long member, long accountId, ActivityKind kind, DateTime at, ActivityOutcome? outcome, string? nextStep, params string[] tags) => new()
        {
            TenantId = TenantId, Kind = kind, SubjectKind = ActivitySubjectKind.Account, SubjectId = accountId, SubjectOwnerId = member, MemberId = member, TeamId = _teamId,
            OccurredAt = at, Outcome = outcome, NextStep = nextStep, TagCodes = [.. tags], Summary = "指标一致性", CreatedAt = at,
        };

        private static async Task LogAsync(SalesDbContext db, List<Activity> activities)
        {
            db.Activities.AddRange(activities);
            await db.SaveChangesAsync();
            db.ActivityTagLinks.AddRange(activities.SelectMany(ActivityTagLink.Of));
            await db.SaveChangesAsync();
        }

        private Lead AddLead(SalesDbContext db, long owner, DateTime assigned, DateTime? responded, DateTime? converted) => db.Leads.Add(new Lead
        {
            TenantId = TenantId, Name = "指标线索", OwnerId = owner, TeamId = _teamId, Status = converted is null ? LeadStatus.Assigned : LeadStatus.Converted,
            AssignedAt = assigned, FirstRespondedAt = responded, ConvertedAt = converted, CreatedAt = assigned, UpdatedAt = assigned,
        }).Entity;

        private async Task<long> AddOpportunityAsync(SalesDbContext db, long accountId, long owner, IReadOnlyList<(int Stage, DateTime Entered, DateTime? Left, StageEntryKind Kind)> stays)
        {
            var last = stays[^1];
            var opportunity = db.Opportunities.Add(new Opportunity
            {
                TenantId = TenantId, Name = "指标商机", AccountId = accountId, OwnerId = owner, PipelineId = _pipeline.Id, StageId = _stages[last.Stage].Id,
                StageEnteredAt = last.Entered, CreatedAt = stays[0].Entered, UpdatedAt = last.Entered,
            }).Entity;
            await db.SaveChangesAsync();
            long? from = null;
            foreach (var stay in stays)
            {
                db.OpportunityStageEntries.Add(new OpportunityStageEntry
                {
                    TenantId = TenantId, OpportunityId = opportunity.Id, StageId = _stages[stay.Stage].Id, FromStageId = from, Kind = stay.Kind,
                    Reason = stay.Kind is StageEntryKind.MovedBack or StageEntryKind.Overridden ? "测试" : null, EnteredAt = stay.Entered, LeftAt = stay.Left,
                });
                from = _stages[stay.Stage].Id;
            }

            await db.SaveChangesAsync();
            return opportunity.Id;
        }

        private void AddFile(SalesDbContext db, long opportunityId, long kindId, DateTime at) => db.Documents.Add(new Document
        {
            TenantId = TenantId, KindId = kindId, OpportunityId = opportunityId, FileName = "指标方案.pdf", ContentType = "application/pdf", SizeBytes = 1,
            Sha256 = new string('0', 64), StorageKey = "metrics-test", UploadedBy = "test", CreatedAt = at,
        });

        /// <summary>
        /// R3 over the four weeks. Follow-ups on one account (4 in the period, so 1 a week):
        /// 6 Oct 10:00 call tagged TECHNICAL_EXCHANGE, positive, with a next step; 7 Oct 10:00 visit (exactly 24 h later: answered);
        /// 12 Oct 10:00 video demo tagged TECHNICAL_EXCHANGE and PRICE_CONCERN; 13 Oct 10:01 call tagged COMPETITOR_COMPARISON,
        /// positive (24 h 1 min later: the second question is not answered). 2 Nov 00:00 (the end, outside): a video demo.
        /// → technical response 1/2, video demos 0.25 a week, visits 0.25, competitor 1/4, price 1/4, positive 2/4, next step 1/4.
        /// Leads: assigned 5 Oct 09:00, first response 09:30 (30 min: fast), converted 20 Oct; assigned 10 Oct 10:00, response
        /// 10:31 (31 min), converted 2 Nov 00:00 (not before the end); assigned 4 Oct (outside). → conversion 1/2, fast 1/2.
        /// One opportunity: M0 from 1 Oct (overlaps) → M1 advanced 10 Oct → M0 moved back 15 Oct → M1 advanced 20 Oct → M2
        /// advanced 25 Oct (the last stage: a win). 5 stays overlap the period, 3 advances in it → 3/5 = 0.6; 1 win.
        /// Its files: 2 QUOTATION and 1 SOLUTION_PROPOSAL in the period, 1 QUOTATION on 4 Oct (outside), 1 of another kind
        /// → 3 proposal versions on 1 opportunity = 3.
        /// </summary>
        private async Task SeedR3Async(SalesDbContext db)
        {
            var account = AddAccount(db, "指标测试R3客户", R3);
            await db.SaveChangesAsync();
            await LogAsync(db,
            [
                FollowUp(R3, account.Id, ActivityKind.Call, October(6), ActivityOutcome.Positive, "报价", "TECHNICAL_EXCHANGE"),
                FollowUp(R3, account.Id, ActivityKind.Visit, October(7), ActivityOutcome.Neutral, null),
                FollowUp(R3, account.Id, ActivityKind.VideoDemo, October(12), null, null, "TECHNICAL_EXCHANGE", "PRICE_CONCERN"),
                FollowUp(R3, account.Id, ActivityKind.Call, October(13, 10, 1), ActivityOutcome.Positive, null, "COMPETITOR_COMPARISON"),
                FollowUp(R3, account.Id, ActivityKind.VideoDemo, To, ActivityOutcome.Positive, "签约", "TECHNICAL_EXCHANGE"),
            ]);
            AddLead(db, R3, October(5, 9), October(5, 9, 30), October(20));
            AddLead(db, R3, October(10), October(10, 10, 31), To);
            AddLead(db, R3, October(4), October(4, 10, 5), null);
            var opportunity = await AddOpportunityAsync(db, account.Id, R3,
            [
                (0, October(1), October(10), StageEntryKind.Created), (1, October(10), October(15), StageEntryKind.Advanced),
                (0, October(15), October(20), StageEntryKind.MovedBack), (1, October(20), October(25), StageEntryKind.Advanced),
                (2, October(25), null, StageEntryKind.Advanced),
            ]);
            AddFile(db, opportunity, _quotationKind, October(11));
            AddFile(db, opportunity, _quotationKind, October(18));
            AddFile(db, opportunity, _proposalKind, October(12));
            AddFile(db, opportunity, _quotationKind, October(4));
            AddFile(db, opportunity, _otherKind, October(14));
            await db.SaveChangesAsync();
        }

        /// <summary>Two accounts, 60 follow-ups, 10 leads and 3 opportunities with files, at whole minutes from 3 days before the period to 3 days after.</summary>
        private async Task SeedGeneratedAsync(SalesDbContext db, long rep, Random random)
        {
            var accounts = new[] { AddAccount(db, $"指标测试{rep}甲", rep), AddAccount(db, $"指标测试{rep}乙", rep) };
            await db.SaveChangesAsync();
            var span = (int)(To - From).TotalMinutes + 6 * 24 * 60;
            DateTime When() => From.AddDays(-3).AddMinutes(random.Next(span));
            var kinds = Enum.GetValues<ActivityKind>();
            string[] tags = ["TECHNICAL_EXCHANGE", "COMPETITOR_COMPARISON", "PRICE_CONCERN", "FIRST_CONTACT"];
            var followUps = Enumerable.Range(0, 60).Select(_ => FollowUp(rep, accounts[random.Next(2)].Id, kinds[random.Next(kinds.Length)], When(),
                    random.Next(3) == 0 ? null : (ActivityOutcome)random.Next(4), random.Next(3) == 0 ? "下一步" : null,
                    [.. tags.Where(_ => random.Next(3) == 0)]))
                .ToList();
            await LogAsync(db, followUps);

            foreach (var _ in Enumerable.Range(0, 10))
            {
                var assigned = When();
                int?[] responses = [10, 30, 31, 120, null];
                var response = responses[random.Next(responses.Length)];
                AddLead(db, rep, assigned, response is { } minutes ? assigned.AddMinutes(minutes) : null, random.Next(3) switch
                {
                    0 => null,
                    1 => assigned.AddDays(random.Next(1, 10)),
                    _ => To.AddMinutes(random.Next(-1, 2)),
                });
            }

            await db.SaveChangesAsync();
            foreach (var _ in Enumerable.Range(0, 3))
            {
                var stays = new List<(int Stage, DateTime Entered, DateTime? Left, StageEntryKind Kind)>();
                var (stage, at, kind) = (0, From.AddDays(-random.Next(0, 8)).AddMinutes(random.Next(1440)), StageEntryKind.Created);
                while (true)
                {
                    var next = at.AddDays(random.Next(1, 9)).AddMinutes(random.Next(1440));
                    if (stage == 2 || stays.Count == 5)
                    {
                        stays.Add((stage, at, null, kind));
                        break;
                    }

                    stays.Add((stage, at, next, kind));
                    (stage, kind) = stage > 0 && random.Next(4) == 0 ? (stage - 1, StageEntryKind.MovedBack)
                        : (stage + 1, random.Next(4) == 0 ? StageEntryKind.Overridden : StageEntryKind.Advanced);
                    at = next;
                }

                var opportunity = await AddOpportunityAsync(db, accounts[random.Next(2)].Id, rep, stays);
                foreach (var __ in Enumerable.Range(0, random.Next(0, 4)))
                {
                    AddFile(db, opportunity, new[] { _proposalKind, _quotationKind, _otherKind }[random.Next(3)], When());
                }
            }

            await db.SaveChangesAsync();
        }
    }
}
