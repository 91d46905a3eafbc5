using System.Globalization;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights;

/// <summary>A report's scope: the tenant (<see cref="Id"/> null), one region or one team.</summary>
public sealed record AttributionScope(AttributionScopeKind Kind, long? Id);

/// <summary>The settings one report runs with.</summary>
public sealed record AttributionParameters(ConversionBasis Basis, double TopShare, double BottomShare, int MinimumLeads)
{
    public const double MaxShare = 0.5;
    public const int MaxMinimumLeads = 10_000;

    public static AttributionParameters Of(AttributionSettings settings) => new(settings.Basis, settings.TopShare, settings.BottomShare, settings.MinimumLeads);
}

/// <summary>A rep's leads in the period and how many of them succeeded, as counted by the database.</summary>
public sealed record RepConversion(long MemberId, int Leads, int Converted)
{
    public double Rate => Leads == 0 ? 0 : (double)Converted / Leads;
}

/// <summary>How one rep's activities of one kind or tag added up in the period.</summary>
public sealed record BehaviourCount(long MemberId, AttributionDimension Dimension, string Code, int Count);

/// <summary>
/// Builds the process-attribution report. Three GROUP BY queries do the counting (leads and successes per rep; activities
/// per rep and kind; tag uses per rep and tag); what is done here is only on those per-rep sums: rank, split, divide, phrase.
/// </summary>
public static class AttributionAnalysis
{
    private static readonly IReadOnlyDictionary<ActivityKind, (string Code, string Zh, string En)> KindNames = new Dictionary<ActivityKind, (string, string, string)>
    {
        [ActivityKind.Call] = ("CALL", "电话", "calls"),
        [ActivityKind.Visit] = ("VISIT", "拜访", "visits"),
        [ActivityKind.VideoDemo] = ("VIDEO_DEMO", "视频演示", "video demos"),
        [ActivityKind.Email] = ("EMAIL", "邮件", "emails"),
        [ActivityKind.Meeting] = ("MEETING", "会议", "meetings"),
        [ActivityKind.DocumentView] = ("DOCUMENT_VIEW", "文档查看", "document views"),
    };

    public static async Task<AttributionSettings> SettingsAsync(SalesDbContext db, CancellationToken cancellationToken) =>
        await db.AttributionSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new AttributionSettings { TenantId = db.CurrentTenantId };

    /// <summary>Active reps by their current team: who is ranked and who makes up the scope average.</summary>
    public static IQueryable<Member> RepsIn(SalesDbContext db, AttributionScope scope)
    {
        var reps = db.Members.Where(m => m.Role == MemberRole.Rep && m.Active);
        return scope.Kind switch
        {
            AttributionScopeKind.Team => reps.Where(m => m.TeamId == scope.Id),
            AttributionScopeKind.Region => reps.Where(m => db.Teams.Any(t => t.Id == m.TeamId && t.RegionId == scope.Id)),
            _ => reps,
        };
    }

    /// <summary>
    /// Computes a report (not yet stored). <paramref name="db"/> must see the whole tenant: the caller has authorised the
    /// scope as a whole, and the counts must not depend on who asked.
    /// </summary>
    public static async Task<AttributionReport> ComputeAsync(
        SalesDbContext db, AttributionScope scope, DateTime from, DateTime to, AttributionParameters parameters, AttributionTrigger trigger,
        long? requestedById, DateTime now, CancellationToken cancellationToken)
    {
        var repIds = RepsIn(db, scope).Select(m => m.Id);
        var scopeRepCount = await repIds.CountAsync(cancellationToken);
        var conversions = await ConversionsAsync(db, repIds, from, to, parameters.Basis, cancellationToken);
        var (top, bottom) = Split(conversions, parameters);
        var weeks = (to - from).TotalDays / 7;

        var report = new AttributionReport
        {
            TenantId = db.CurrentTenantId,
            PeriodFrom = from,
            PeriodTo = to,
            ScopeKind = scope.Kind,
            ScopeId = scope.Id,
            Basis = parameters.Basis,
            TopShare = parameters.TopShare,
            BottomShare = parameters.BottomShare,
            MinimumLeads = parameters.MinimumLeads,
            Trigger = trigger,
            RequestedById = requestedById,
            GeneratedAt = now,
            Weeks = weeks,
            ScopeRepCount = scopeRepCount,
            RankedRepCount = conversions.Count(c => c.Leads >= parameters.MinimumLeads),
            ScopeConversionRate = Rate(conversions),
            Status = top.Count == 0 ? AttributionReportStatus.InsufficientData : AttributionReportStatus.Completed,
            TopMemberIds = [.. top.Select(r => r.MemberId)],
            BottomMemberIds = [.. bottom.Select(r => r.MemberId)],
            TopConversionRate = top.Count == 0 ? null : Rate(top),
            BottomConversionRate = bottom.Count == 0 ? null : Rate(bottom),
        };
        if (top.Count == 0)
        {
            return report;
        }

        var behaviour = await BehaviourAsync(db, repIds, from, to, cancellationToken);
        var tagNames = await db.ActivityTags.AsNoTracking().ToDictionaryAsync(t => t.Code, t => (t.NameZh, t.NameEn), cancellationToken);
        report.Findings.AddRange(Findings(report, behaviour, tagNames));
        return report;
    }

    /// <summary>
    /// Per rep of the scope: the leads assigned to them (their current ownership, <c>AssignedAt</c> in the period) and how many
    /// of those succeeded by the end of the period. One GROUP BY query.
    /// </summary>
    public static async Task<List<RepConversion>> ConversionsAsync(
        SalesDbContext db, IQueryable<long> repIds, DateTime from, DateTime to, ConversionBasis basis, CancellationToken cancellationToken)
    {
        var leads = db.Leads.Where(l => l.OwnerId != null && repIds.Contains(l.OwnerId.Value) && l.AssignedAt >= from && l.AssignedAt < to);
        var judged = basis == ConversionBasis.LeadConverted
            ? leads.Select(l => new { OwnerId = l.OwnerId!.Value, Success = l.ConvertedAt != null && l.ConvertedAt < to })
            : leads.Select(l => new
            {
                OwnerId = l.OwnerId!.Value,
                // Won: the converted opportunity entered the last stage of its pipeline before the period ended.
                Success = l.ConvertedAt != null && l.ConvertedAt < to && db.Set<Opportunity>().Any(o => o.Id == l.ConvertedOpportunityId
                    && db.Set<OpportunityStageEntry>().Any(e => e.OpportunityId == o.Id && e.EnteredAt < to
                        && e.StageId == db.Set<PipelineStage>().Where(s => s.PipelineId == o.PipelineId).OrderByDescending(s => s.Position).Select(s => s.Id).FirstOrDefault())),
            });
        return await judged.GroupBy(x => x.OwnerId)
            .Select(g => new RepConversion(g.Key, g.Count(), g.Sum(x => x.Success ? 1 : 0)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Ranks the reps with at least the minimum leads by conversion rate (ties: more conversions, then more leads, then the
    /// older member id) and takes the top and bottom shares, each rounded down but at least one. Fewer than two ranked reps
    /// make no groups.
    /// </summary>
    public static (List<RepConversion> Top, List<RepConversion> Bottom) Split(IEnumerable<RepConversion> conversions, AttributionParameters parameters)
    {
        var ranked = conversions.Where(c => c.Leads >= parameters.MinimumLeads)
            .OrderByDescending(c => c.Rate).ThenByDescending(c => c.Converted).ThenByDescending(c => c.Leads).ThenBy(c => c.MemberId)
            .ToList();
        if (ranked.Count < 2)
        {
            return ([], []);
        }

        var topCount = Math.Max(1, (int)Math.Floor(ranked.Count * parameters.TopShare + 1e-9));
        var bottomCount = Math.Max(1, (int)Math.Floor(ranked.Count * parameters.BottomShare + 1e-9));
        return (ranked.Take(topCount).ToList(), ranked.Skip(ranked.Count - bottomCount).ToList());
    }

    /// <summary>
    /// Activities per rep and kind, and tag uses per rep and tag, in the period: two GROUP BY queries, each over one index
    /// range that holds every column it reads. Kinds from the follow-ups' (TenantId, OccurredAt, Kind, TeamId, MemberId)
    /// index; tags from the tag rows kept with every follow-up (<see cref="ActivityTagLink"/>, one per distinct tag, the
    /// rows 跟进标签覆盖率 and its roll-ups count), not by unpacking each follow-up's tags: a follow-up carries a tag once
    /// or not at all, so counting its rows counts the follow-ups that carry it.
    /// </summary>
    public static async Task<List<BehaviourCount>> BehaviourAsync(SalesDbContext db, IQueryable<long> repIds, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var activities = db.Activities.Where(a => repIds.Contains(a.MemberId) && a.OccurredAt >= from && a.OccurredAt < to);
        var kinds = await activities.GroupBy(a => new { a.MemberId, a.Kind })
            .Select(g => new { g.Key.MemberId, g.Key.Kind, Count = g.Count() })
            .ToListAsync(cancellationToken);
        // Only the catalog's tags (retired ones included: tags are retired, never deleted), as the follow-ups' own tags are checked.
        var catalog = db.ActivityTags;
        var tags = await db.ActivityTagLinks
            .Where(l => l.OccurredAt >= from && l.OccurredAt < to && repIds.Contains(l.MemberId) && catalog.Any(t => t.Code == l.TagCode))
            .GroupBy(l => new { l.MemberId, Tag = l.TagCode })
            .Select(g => new { g.Key.MemberId, g.Key.Tag, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return
        [
            .. kinds.Select(k => new BehaviourCount(k.MemberId, AttributionDimension.ActivityKind, KindNames[k.Kind].Code, k.Count)),
            .. tags.Select(t => new BehaviourCount(t.MemberId, AttributionDimension.Tag, t.Tag, t.Count)),
        ];
    }

    /// <summary>
    /// Every kind and tag either group used, ranked by how far apart the groups' weekly rates are (largest first; ties by
    /// dimension, then code), each phrased in Chinese and English with the figures rounded to one decimal.
    /// </summary>
    public static IEnumerable<AttributionFinding> Findings(
        AttributionReport report, IReadOnlyList<BehaviourCount> behaviour, IReadOnlyDictionary<string, (string Zh, string En)> tagNames)
    {
        var top = report.TopMemberIds.ToHashSet();
        var bottom = report.BottomMemberIds.ToHashSet();
        double PerRepWeek(int count, int reps) => reps == 0 || report.Weeks <= 0 ? 0 : count / (reps * report.Weeks);

        var compared = behaviour.GroupBy(b => (b.Dimension, b.Code))
            .Select(g => new
            {
                g.Key.Dimension,
                g.Key.Code,
                Top = PerRepWeek(g.Where(b => top.Contains(b.MemberId)).Sum(b => b.Count), top.Count),
                Bottom = PerRepWeek(g.Where(b => bottom.Contains(b.MemberId)).Sum(b => b.Count), bottom.Count),
                Scope = PerRepWeek(g.Sum(b => b.Count), report.ScopeRepCount),
            })
            .Where(c => c.Top > 0 || c.Bottom > 0)
            .OrderByDescending(c => Math.Abs(c.Top - c.Bottom)).ThenBy(c => c.Dimension).ThenBy(c => c.Code, StringComparer.Ordinal)
            .ToList();
        foreach (var (index, c) in compared.Index())
        {
            var (nameZh, nameEn) = c.Dimension == AttributionDimension.ActivityKind
                ? KindNames.Values.Where(k => k.Code == c.Code).Select(k => (k.Zh, k.En)).First()
                : tagNames.TryGetValue(c.Code, out var names) ? names : (c.Code, c.Code);
            yield return new AttributionFinding
            {
                TenantId = report.TenantId,
                Rank = index + 1,
                Dimension = c.Dimension,
                Code = c.Code,
                NameZh = nameZh,
                NameEn = nameEn,
                TopRate = c.Top,
                BottomRate = c.Bottom,
                ScopeRate = c.Scope,
                Difference = c.Top - c.Bottom,
                TextZh = PhraseZh(c.Dimension, nameZh, c.Top, c.Bottom, c.Scope, report.ScopeKind),
                TextEn = PhraseEn(c.Dimension, nameEn, c.Top, c.Bottom, c.Scope, report.ScopeKind),
            };
        }
    }

    /// <summary>One decimal, invariant culture, half away from zero: the figure a reader checks against the CSV.</summary>
    public static string Figure(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);

    public static string PhraseEn(AttributionDimension dimension, string name, double top, double bottom, double scope, AttributionScopeKind scopeKind)
    {
        var average = scopeKind switch
        {
            AttributionScopeKind.Team => "the team average",
            AttributionScopeKind.Region => "the region average",
            _ => "the company average",
        };
        var what = dimension == AttributionDimension.ActivityKind ? $"{name}" : $"follow-ups tagged “{name}”";
        return $"Top reps run {Figure(top)} {what} a week, bottom reps {Figure(bottom)}; {average} is {Figure(scope)}.";
    }

    public static string PhraseZh(AttributionDimension dimension, string name, double top, double bottom, double scope, AttributionScopeKind scopeKind)
    {
        var average = scopeKind switch
        {
            AttributionScopeKind.Team => "团队平均",
            AttributionScopeKind.Region => "大区平均",
            _ => "全公司平均",
        };
        return dimension == AttributionDimension.ActivityKind
            ? $"高转化组每人每周{name} {Figure(top)} 次，低转化组 {Figure(bottom)} 次，{average} {Figure(scope)} 次。"
            : $"高转化组每人每周有 {Figure(top)} 次跟进标记为“{name}”，低转化组 {Figure(bottom)} 次，{average} {Figure(scope)} 次。";
    }

    private static double? Rate(IReadOnlyCollection<RepConversion> reps)
    {
        var leads = reps.Sum(r => r.Leads);
        return leads == 0 ? null : (double)reps.Sum(r => r.Converted) / leads;
    }
}
