using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Insights.Rhythm;

/// <summary>
/// The slice against hand-written SQL on SQLite and PostgreSQL, and the question it was built for: which industry is slowest
/// from proposal (方案报价, QUOTATION) to signature.
/// </summary>
public sealed class DataSliceTests
{
    private const string Slice = """
        query($input: SliceInput) { dataSlice(input: $input) { rows { keys { dimension value } values { measure value } } } }
        """;

    private static readonly string[] Measures = ["OPPORTUNITIES", "WON", "WIN_RATE", "CYCLE_DAYS", "PROPOSAL_TO_SIGNATURE_DAYS", "PROPOSAL_DWELL_DAYS", "PROPOSAL_PASS_RATE", "FOLLOW_UPS"];

    private static object Input(string[] dimensions, string[] measures) => new
    {
        input = new { dimensions, measures, where = new { from = "2019-01-01T00:00:00Z", to = "2020-01-01T00:00:00Z" } },
    };

    /// <summary>
    /// Opportunities created in 2019 in the demo rep's team (A = rep@demo.example.com, B a teammate), stage by stage (days of 2019, 00:00 UTC):
    /// NEW_ENERGY      N1 (A): created 1 Mar, 方案报价 5 Mar, 商务谈判 10 Mar, signed 15 Mar → proposal→signature 10 d, cycle 14 d, dwell 5 d; 2 follow-ups
    ///                 N2 (B): created 1 Mar, 方案报价 5 Mar, 商务谈判 20 Mar, signed 25 Mar → 20 d, cycle 24 d, dwell 15 d
    /// MEDICAL_DEVICES M1 (A): created 1 Apr, 方案报价 2 Apr, 商务谈判 20 Apr, signed 2 May → 30 d, cycle 31 d, dwell 18 d; 1 follow-up
    ///                 M2 (B): created 1 Apr, 方案报价 2 Apr, 商务谈判 30 Apr, signed 12 May → 40 d, cycle 41 d, dwell 28 d
    ///                 M3 (B): created 1 Apr, never proposed, not signed
    /// BUILDING_MATERIALS B1 (A): created 1 May, 方案报价 5 May, 商务谈判 6 May, signed 10 May → 5 d, cycle 9 d, dwell 1 d
    ///                 B2 (A): created 1 May, 方案报价 5 May, still there, not signed
    /// By industry: NEW_ENERGY 2 opportunities, 2 won (1.0), cycle 19, proposal→signature 15, dwell 10, pass 2/2, 2 follow-ups;
    /// MEDICAL_DEVICES 3, 2 won (2/3), cycle 36, proposal→signature 35, dwell 23, pass 2/2, 1 follow-up;
    /// BUILDING_MATERIALS 2, 1 won (0.5), cycle 9, proposal→signature 5, dwell 1, pass 1/2, 0 follow-ups.
    /// Slowest from proposal to signature: MEDICAL_DEVICES (35 days). The rep sees A's only: N1 10, M1 30, B1 5 — also MEDICAL_DEVICES.
    /// </summary>
    [Fact]
    public async Task Slice_AgreesWithHandWrittenSql_AndNamesTheSlowestIndustryFromProposalToSignature_OnEachProvider()
    {
        await PostgresTestDatabase.OnEachProviderAsync(async (connectionString, provider) =>
        {
            await using var api = connectionString is null ? new ApiFactory() : new ProviderApiFactory("PostgreSql", connectionString);
            var set = await SliceDataSet.SeedAsync(api.Services);
            var client = api.CreateGraphQLClient();
            api.Commands.Start();
            var rows = Rows(await client.QueryAsync(Slice, Input(["INDUSTRY"], Measures)));
            // Computed by the database: one statement groups the opportunities by their account's industry.
            Assert.Contains(api.Commands.Stop(), command => command.Contains("GROUP BY") && command.Contains("\"Industry\""));

            Assert.Equal(["BUILDING_MATERIALS", "MEDICAL_DEVICES", "NEW_ENERGY"], rows.Keys);
            Assert.Equal([2, 1, 0.5, 9, 5, 1, 0.5, 0], Round(rows["BUILDING_MATERIALS"]));
            Assert.Equal([3, 2, 0.666667, 36, 35, 23, 1, 1], Round(rows["MEDICAL_DEVICES"]));
            Assert.Equal([2, 2, 1, 19, 15, 10, 1, 2], Round(rows["NEW_ENERGY"]));
            var slowest = rows.MaxBy(r => r.Value[4] ?? double.MinValue).Key;
            Assert.Equal("MEDICAL_DEVICES", slowest);

            // The database's own answer, written by hand.
            var sql = await HandWrittenAsync(api, set.TenantId, provider);
            Assert.Equal(rows.Keys, sql.Keys);
            foreach (var (industry, (opportunities, won, proposalToSignature)) in sql)
            {
                Assert.Equal((double)opportunities, rows[industry][0]);
                Assert.Equal((double)won, rows[industry][1]);
                Assert.Equal(proposalToSignature, rows[industry][4]!.Value, 6);
            }

            // Two dimensions: industry × month of creation.
            var byMonth = (await client.QueryAsync(Slice, Input(["INDUSTRY", "MONTH"], ["OPPORTUNITIES"])))["dataSlice"]!["rows"]!.AsArray()
                .Select(r => $"{r!["keys"]![0]!["value"]} {r["keys"]![1]!["value"]} {r["values"]![0]!["value"]}").ToList();
            Assert.Equal(["BUILDING_MATERIALS 2019-05 2", "MEDICAL_DEVICES 2019-04 3", "NEW_ENERGY 2019-03 2"], byMonth);

            // A rep's slice covers what the rep sees: A's opportunities only.
            var rep = await api.MemberAsync("rep");
            var own = Rows(await rep.QueryAsync(Slice, Input(["INDUSTRY"], Measures)));
            Assert.Equal([(2, 5), (1, 30), (1, 10)], own.Values.Select(v => ((int)v[0]!, (int)Math.Round(v[4]!.Value))));
            Assert.Equal("MEDICAL_DEVICES", own.MaxBy(r => r.Value[4] ?? double.MinValue).Key);
        });
    }

    [Fact]
    public async Task SavedSlice_IsKeptByName_AndRunsWithTheCallersVisibility()
    {
        await using var api = new ApiFactory();
        await SliceDataSet.SeedAsync(api.Services);
        var lead = await api.MemberAsync("teamlead");
        var saved = await lead.QueryAsync("""
            mutation($input: SaveSliceInput!) { saveSlice(input: $input) { savedSlice { name dimensions measures } errors { __typename ... on UserError { message } } } }
            """, new { input = new { name = "方案到签约 行业", slice = new { dimensions = new[] { "INDUSTRY" }, measures = new[] { "PROPOSAL_TO_SIGNATURE_DAYS" }, where = new { from = "2019-01-01T00:00:00Z", to = "2020-01-01T00:00:00Z" } } } });
        Assert.Empty(saved["saveSlice"]!["errors"]!.AsArray());
        Assert.Equal(["PROPOSAL_TO_SIGNATURE_DAYS"], saved["saveSlice"]!["savedSlice"]!["measures"]!.AsArray().Select(m => m!.GetValue<string>()));

        var rep = await api.MemberAsync("rep");
        Assert.Equal("方案到签约 行业", (await rep.QueryAsync("{ savedSlices(first: 10) { nodes { name } } }"))["savedSlices"]!["nodes"]![0]!["name"]!.GetValue<string>());
        var asRep = (await rep.QueryAsync("{ dataSlice(savedSlice: \"方案到签约 行业\") { rows { keys { value } values { value } } } }"))["dataSlice"]!["rows"]!.AsArray();
        Assert.Equal(["BUILDING_MATERIALS 5", "MEDICAL_DEVICES 30", "NEW_ENERGY 10"],
            asRep.Select(r => $"{r!["keys"]![0]!["value"]} {Math.Round(r["values"]![0]!["value"]!.GetValue<double>())}"));
        var refused = await rep.PostAsync("mutation { saveSlice(input: { name: \"x\", slice: { dimensions: [], measures: [WON] } }) { errors { __typename } } }");
        Assert.Equal("FORBIDDEN", refused.FirstErrorCode);
    }

    private static SortedDictionary<string, double?[]> Rows(JsonNode data) => new(
        data["dataSlice"]!["rows"]!.AsArray().ToDictionary(
            r => r!["keys"]![0]!["value"]!.GetValue<string>(),
            r => r!["values"]!.AsArray().Select(v => v!["value"] is { } value ? value.GetValue<double>() : (double?)null).ToArray()),
        StringComparer.Ordinal);

    private static double?[] Round(double?[] values) => values.Select(v => v is { } x ? Math.Round(x, 6) : (double?)null).ToArray();

    /// <summary>Opportunities, won, and mean days from the first 方案报价 entry to signature, per industry, as an analyst would write it.</summary>
    private static async Task<SortedDictionary<string, (long Opportunities, long Won, double ProposalToSignature)>> HandWrittenAsync(ApiFactory api, long tenantId, string provider)
    {
        var days = provider == "SQLite"
            ? "julianday(c.\"SignedAt\") - julianday(p.first_at)"
            : "EXTRACT(EPOCH FROM (c.\"SignedAt\" - p.first_at)) / 86400.0";
        var sql = $"""
            SELECT a."Industry", COUNT(*),
                   SUM(CASE WHEN c."Id" IS NOT NULL THEN 1 ELSE 0 END),
                   AVG(CASE WHEN c."Id" IS NOT NULL AND p.first_at IS NOT NULL THEN {days} END)
            FROM "Opportunities" o
            JOIN "Accounts" a ON a."Id" = o."AccountId"
            LEFT JOIN "Contracts" c ON c."OpportunityId" = o."Id" AND c."SignatureStatus" = 'Signed'
            LEFT JOIN (SELECT e."OpportunityId", MIN(e."EnteredAt") AS first_at
                       FROM "OpportunityStageEntries" e JOIN "PipelineStages" s ON s."Id" = e."StageId"
                       WHERE s."Code" = 'QUOTATION' GROUP BY e."OpportunityId") p ON p."OpportunityId" = o."Id"
            WHERE o."TenantId" = @tenant AND o."CreatedAt" >= @from AND o."CreatedAt" < @to
            GROUP BY a."Industry"
            """;
        await using var db = api.Services.GetRequiredService<ISalesDbContextPool>().Rent(tenantId);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "tenant", tenantId);
        Add(command, "from", new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Add(command, "to", new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var result = new SortedDictionary<string, (long, long, double)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var industry = Enum.Parse<Industry>(reader.GetString(0));
            var code = string.Concat(industry.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? $"_{c}" : $"{char.ToUpperInvariant(c)}"));
            result[code] = (Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture),
                Convert.ToDouble(reader.GetValue(3), CultureInfo.InvariantCulture));
        }

        return result;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>The 2019 opportunities of <see cref="DataSliceTests"/>, built by hand with their stage history and contracts.</summary>
public sealed class SliceDataSet
{
    public long TenantId { get; private set; }

    public long A { get; private set; }

    public long B { get; private set; }

    private static DateTime Day(int month, int day) => new(2019, month, day, 0, 0, 0, DateTimeKind.Utc);

    public static async Task<SliceDataSet> SeedAsync(IServiceProvider services)
    {
        var set = new SliceDataSet();
        var pool = services.GetRequiredService<ISalesDbContextPool>();
        long teamId;
        await using (var across = pool.RentAcrossTenants())
        {
            var rep = await across.Members.IgnoreQueryFilters().SingleAsync(m => m.Email == "rep@demo.example.com");
            (set.TenantId, teamId, set.A) = (rep.TenantId, rep.TeamId!.Value, rep.Id);
            set.B = await across.Members.IgnoreQueryFilters().Where(m => m.TeamId == teamId && m.Id != set.A && m.Role == MemberRole.Rep).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
        }

        await using var db = pool.Rent(set.TenantId);
        var pipeline = await db.Pipelines.Where(p => p.IsDefault).OrderBy(p => p.Id).FirstAsync();
        var stages = await db.PipelineStages.Where(s => s.PipelineId == pipeline.Id).ToDictionaryAsync(s => s.Code, s => s.Id);
        var accounts = new Dictionary<Industry, Account>();
        foreach (var industry in new[] { Industry.NewEnergy, Industry.MedicalDevices, Industry.BuildingMaterials })
        {
            accounts[industry] = db.Accounts.Add(new Account
            {
                TenantId = set.TenantId, Name = $"切片-{industry}", Industry = industry, Ownership = OwnershipType.StateOwned, Size = CompanySize.Large, Province = "江苏",
                OwnerId = set.A, CreatedAt = Day(1, 1), UpdatedAt = Day(1, 1),
            }).Entity;
        }

        await db.SaveChangesAsync();

        async Task Opportunity(Industry industry, long owner, DateTime created, DateTime? proposal, DateTime? negotiation, DateTime? signed, int followUps = 0)
        {
            var path = new List<(string Stage, DateTime At)> { ("REQUIREMENT_CONFIRMATION", created) };
            if (proposal is { } p)
            {
                path.Add(("QUOTATION", p));
            }

            if (negotiation is { } n)
            {
                path.Add(("NEGOTIATION", n));
            }

            if (signed is { } s)
            {
                path.Add(("SIGNING", s.AddDays(-1)));
            }

            var opportunity = db.Opportunities.Add(new Opportunity
            {
                TenantId = set.TenantId, Name = $"切片-{industry}-{created:MMdd}-{owner}", AccountId = accounts[industry].Id, OwnerId = owner, PipelineId = pipeline.Id,
                StageId = stages[path[^1].Stage], StageEnteredAt = path[^1].At, Amount = 100_000m, AmountCurrency = "CNY", CreatedAt = created, UpdatedAt = created,
            }).Entity;
            await db.SaveChangesAsync();
            for (var i = 0; i < path.Count; i++)
            {
                db.OpportunityStageEntries.Add(new OpportunityStageEntry
                {
                    TenantId = set.TenantId, OpportunityId = opportunity.Id, StageId = stages[path[i].Stage], Kind = i == 0 ? StageEntryKind.Created : StageEntryKind.Advanced,
                    EnteredAt = path[i].At, LeftAt = i + 1 < path.Count ? path[i + 1].At : null,
                });
            }

            if (signed is { } at)
            {
                db.Contracts.Add(new Contract
                {
                    TenantId = set.TenantId, OpportunityId = opportunity.Id, AccountId = accounts[industry].Id, OwnerId = owner, Title = "切片合同", Amount = 100_000m, Currency = "CNY",
                    ApprovalStatus = ContractApprovalStatus.Approved, SignatureStatus = SignatureStatus.Signed, SignedAt = at, CreatedAt = at.AddDays(-2), UpdatedAt = at,
                });
            }

            for (var i = 0; i < followUps; i++)
            {
                db.Add(new Activity
                {
                    TenantId = set.TenantId, Kind = ActivityKind.Call, SubjectKind = ActivitySubjectKind.Opportunity, SubjectId = opportunity.Id,
                    SubjectOwnerId = owner, MemberId = owner, TeamId = teamId, OccurredAt = created.AddDays(1 + i), TagCodes = ["TECHNICAL_EXCHANGE"], Summary = "切片", CreatedAt = created.AddDays(1 + i),
                });
            }

            await db.SaveChangesAsync();
        }

        await Opportunity(Industry.NewEnergy, set.A, Day(3, 1), Day(3, 5), Day(3, 10), Day(3, 15), followUps: 2);
        await Opportunity(Industry.NewEnergy, set.B, Day(3, 1), Day(3, 5), Day(3, 20), Day(3, 25));
        await Opportunity(Industry.MedicalDevices, set.A, Day(4, 1), Day(4, 2), Day(4, 20), Day(5, 2), followUps: 1);
        await Opportunity(Industry.MedicalDevices, set.B, Day(4, 1), Day(4, 2), Day(4, 30), Day(5, 12));
        await Opportunity(Industry.MedicalDevices, set.B, Day(4, 1), null, null, null);
        await Opportunity(Industry.BuildingMaterials, set.A, Day(5, 1), Day(5, 5), Day(5, 6), Day(5, 10));
        await Opportunity(Industry.BuildingMaterials, set.A, Day(5, 1), Day(5, 5), null, null);
        return set;
    }
}
