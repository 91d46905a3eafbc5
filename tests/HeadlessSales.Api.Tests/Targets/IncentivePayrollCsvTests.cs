using System.Net;
using System.Text;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Targets;
using HeadlessSales.Api.Infrastructure.Values;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Targets;

/// <summary>The payroll export of the incentive ledger: the CSV worked out by hand, and who may download it.</summary>
[Collection(ApiCollection.Name)]
public sealed class IncentivePayrollCsvTests(ApiFactory api)
{
    private static readonly DateTime At = new(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Csv_SumsCountingCnyEntriesPerMember_LeavingOutPointsAndRejectedOnes()
    {
        var members = new Dictionary<long, Member>
        {
            [1] = new() { Name = "王芳", Email = "wang.fang@example.cn" },
            [2] = new() { Name = "=李, \"雷\"", Email = "li.lei@example.cn" },
            [3] = new() { Name = "只有积分", Email = "points@example.cn" },
        };
        var rejected = IncentiveEntry.RhythmBonus(1, 1, 7, new Money(300m, "CNY"), "节奏奖金", At);
        rejected.Decide(approved: false, deciderId: 2, At);
        var bonus = IncentiveEntry.RhythmBonus(1, 1, 8, new Money(120.5m, "CNY"), "节奏奖金", At);
        var entries = new[]
        {
            bonus,
            IncentiveEntry.RhythmBonus(1, 1, 9, new Money(500m, "CNY"), "节奏奖金", At),
            bonus.Reverse("撤销", "member:2", At),
            rejected,
            IncentiveEntry.RhythmBonus(1, 2, 10, new Money(80m, "CNY"), "节奏奖金", At),
            IncentiveEntry.ContributionPoints(1, 3, IncentiveEntryKind.CaseApproved, 50, "案例", null, "member:2", At),
        };

        var csv = IncentivePayrollCsv.Write(IncentivePayrollCsv.Lines(entries, members));

        Assert.Equal(
            "member_name,email,total_cny,entries\r\n" +
            "\"'=李, \"\"雷\"\"\",li.lei@example.cn,80.00,1\r\n" +
            "王芳,wang.fang@example.cn,500.00,3\r\n",
            csv);
    }

    [Fact]
    public async Task Download_IsForSalesOpsAndAdmins_AsUtf8CsvWithBom()
    {
        var path = $"{IncentivePayrollDownloads.Pattern}?from=2000-01-01&to=2000-02-01";
        using var byRep = await (await api.MemberAsync("rep")).Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, byRep.StatusCode);
        using var anonymous = await api.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var salesOps = await api.MemberAsync("salesops");
        using var badPeriod = await salesOps.Http.GetAsync($"{IncentivePayrollDownloads.Pattern}?from=2000-02-01&to=2000-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
        using var csv = await salesOps.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        // A period before any entry: the header alone.
        Assert.Equal([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("member_name,email,total_cny,entries\r\n")], bytes);
    }
}
