using System.Linq.Expressions;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Slicing;

/// <summary>What a slice can be cut by. Every one but <see cref="RepCluster"/> is a column the database groups by.</summary>
public enum SliceDimension
{
    Industry,
    SubSegment,
    Ownership,
    AccountSize,
    Province,
    Team,
    Rep,
    LeadSource,
    Month,

    /// <summary>The rep's behaviour cluster, from an <see cref="IRepClusterSource"/>: grouped by rep in the database, then folded by cluster.</summary>
    RepCluster,
}

/// <summary>What a slice measures over the opportunities of each cell.</summary>
public enum SliceMeasure
{
    /// <summary>Opportunities created in the period.</summary>
    Opportunities,

    /// <summary>Of them, those whose contract is signed.</summary>
    Won,

    /// <summary>Won ÷ opportunities.</summary>
    WinRate,

    /// <summary>Sum of the signed contracts' amounts.</summary>
    Amount,

    /// <summary>Mean days from an opportunity's creation to its contract's signature, over the won ones.</summary>
    CycleDays,

    /// <summary>Mean days from first entering the proposal stage to the contract's signature, over the won ones that went through it.</summary>
    ProposalToSignatureDays,

    /// <summary>Mean days of the finished stays in the proposal stage (stage dwell).</summary>
    ProposalDwellDays,

    /// <summary>Of the opportunities that entered the proposal stage, the share that entered a later stage.</summary>
    ProposalPassRate,

    /// <summary>Follow-ups logged on the opportunities (only the given kinds and tags when the slice names some).</summary>
    FollowUps,
}

/// <summary>What a slice asks: cut by these dimensions, measure these, over the opportunities the filters leave.</summary>
public sealed record SliceDefinition(
    IReadOnlyList<SliceDimension> Dimensions,
    IReadOnlyList<SliceMeasure> Measures,
    DateTime? From = null,
    DateTime? To = null,
    IReadOnlyList<Industry>? Industries = null,
    IReadOnlyList<OwnershipType>? Ownerships = null,
    IReadOnlyList<CompanySize>? AccountSizes = null,
    IReadOnlyList<string>? Provinces = null,
    IReadOnlyList<string>? SubSegments = null,
    IReadOnlyList<long>? TeamIds = null,
    IReadOnlyList<long>? OwnerIds = null,
    IReadOnlyList<LeadSource>? LeadSources = null,
    IReadOnlyList<ActivityKind>? FollowUpKinds = null,
    IReadOnlyList<string>? FollowUpTags = null,
    string ProposalStageCode = "QUOTATION");

/// <summary>One cell: its dimension values (in the order asked) and its measures.</summary>
public sealed record SliceRow(IReadOnlyList<SliceKeyValue> Keys, IReadOnlyList<SliceMeasureValue> Values);

/// <summary>A dimension's value in a cell: <see cref="Value"/> is the code (an enum name, a global id, <c>yyyy-MM</c>); null when the opportunity has none.</summary>
public sealed record SliceKeyValue(SliceDimension Dimension, string? Value, long? Id);

/// <summary>A measure's value in a cell; null where it has no basis (a mean over no opportunity).</summary>
public sealed record SliceMeasureValue(SliceMeasure Measure, double? Value);

/// <summary>
/// The seam for the rep-cluster dimension: who computes the behaviour clusters registers one (the clusters module).
/// Without one, every rep is in the cluster <c>UNCLUSTERED</c>.
/// </summary>
public interface IRepClusterSource
{
    Task<IReadOnlyDictionary<long, string>> ClustersAsync(SalesDbContext db, CancellationToken cancellationToken);
}

/// <summary>
/// Slices the opportunities the caller sees (the context given carries the one visibility rule) by any dimensions and
/// measures, in ONE GROUP BY query: each opportunity is projected to its facts (account attributes, owner's team, the lead's
/// source, creation month, signature, proposal-stage times, follow-up count) and grouped by the asked dimensions only; the
/// database returns sums and counts per cell, from which the rates and means are divided here. Sums rather than means, so
/// that cells can be folded further (the rep-cluster dimension).
/// </summary>
public static class DataSlices
{
    public static async Task<List<SliceRow>> ComputeAsync(SalesDbContext db, SliceDefinition slice, TimeZoneInfo zone, IRepClusterSource? clusters, CancellationToken cancellationToken)
    {
        var stages = await ProposalStagesAsync(db, slice.ProposalStageCode, cancellationToken);
        var facts = Facts(db, slice, zone, stages);
        var grouped = await facts.GroupBy(KeySelector(slice.Dimensions)).Select(g => new SliceSums
        {
            Key = g.Key,
            Opportunities = g.Count(),
            Won = g.Count(f => f.SignedAt != null),
            Amount = g.Sum(f => f.SignedAmount ?? 0m),
            CycleSeconds = g.Sum(f => f.SignedAt != null ? DatabaseDurations.Seconds(f.CreatedAt, f.SignedAt.Value) : 0.0),
            ProposalToSignatureSeconds = g.Sum(f => f.SignedAt != null && f.ProposalAt != null ? DatabaseDurations.Seconds(f.ProposalAt.Value, f.SignedAt.Value) : 0.0),
            ProposalToSignatureCount = g.Count(f => f.SignedAt != null && f.ProposalAt != null),
            ProposalDwellSeconds = g.Sum(f => f.ProposalDwellSeconds ?? 0.0),
            ProposalStays = g.Sum(f => f.ProposalStays),
            Proposals = g.Count(f => f.ProposalAt != null),
            PassedProposals = g.Count(f => f.ProposalAt != null && f.PassedProposal),
            FollowUps = g.Sum(f => f.FollowUps),
        }).Translated(db).ToListAsync(cancellationToken);

        if (slice.Dimensions.Contains(SliceDimension.RepCluster))
        {
            var clusterOf = clusters is null ? new Dictionary<long, string>() : await clusters.ClustersAsync(db, cancellationToken);
            grouped = grouped
                .GroupBy(s => s.Key with { OwnerId = null, Cluster = s.Key.OwnerId is { } owner ? clusterOf.GetValueOrDefault(owner, "UNCLUSTERED") : "UNCLUSTERED" })
                .Select(g => SliceSums.Fold(g.Key, g))
                .ToList();
        }

        return grouped
            .Select(s => new SliceRow(slice.Dimensions.Select(d => s.Key.ValueOf(d)).ToList(), slice.Measures.Select(m => new SliceMeasureValue(m, s.Measure(m))).ToList()))
            .OrderBy(r => string.Join("\u0001", r.Keys.Select(k => k.Value ?? string.Empty)), StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The tenant's proposal stages (of every pipeline) and the stages after them, as ids: a handful, read once.</summary>
    private static async Task<(long[] Proposal, long[] Later)> ProposalStagesAsync(SalesDbContext db, string proposalStageCode, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var stages = await db.PipelineStages.IgnoreQueryFilters().Where(s => s.TenantId == tenantId)
            .Select(s => new { s.Id, s.PipelineId, s.Position, s.Code }).ToListAsync(cancellationToken);
        var proposal = stages.Where(s => s.Code == proposalStageCode).ToList();
        // A later stage: of the same pipeline, further along than its proposal stage.
        var later = stages.Where(s => proposal.Any(p => p.PipelineId == s.PipelineId && s.Position > p.Position)).Select(s => s.Id).ToArray();
        return (proposal.Select(s => s.Id).ToArray(), later);
    }

    /// <summary>
    /// One row per opportunity. Its stage history and follow-ups are aggregated per opportunity once, in derived tables
    /// joined to it (a correlated read per opportunity made SQLite scan every proposal-stage entry for each one: minutes at
    /// 100,000 leads); the signed contract is unique per opportunity, so a plain left join.
    /// </summary>
    private static IQueryable<SliceFact> Facts(SalesDbContext db, SliceDefinition slice, TimeZoneInfo zone, (long[] Proposal, long[] Later) stages)
    {
        var tenantId = db.CurrentTenantId;
        // The facts read accounts, leads, stays and follow-ups without their own filters (an opportunity of the caller's may sit on an account
        // they do not own), and EF drops every filter of a query that ignores one; so the opportunities' own rule is applied
        // here from the same data the Opportunity filter reads: whole tenant, or the owners in view.
        var owners = db.SeesWholeTenant ? null : db.VisibleOwnerIds;
        var opportunities = db.Opportunities.IgnoreQueryFilters().Where(o => o.TenantId == tenantId && (owners == null || owners.Contains(o.OwnerId)));
        if (slice.From is { } from)
        {
            opportunities = opportunities.Where(o => o.CreatedAt >= from);
        }

        if (slice.To is { } to)
        {
            opportunities = opportunities.Where(o => o.CreatedAt < to);
        }

        if (slice.OwnerIds is { Count: > 0 } ownerIds)
        {
            opportunities = opportunities.Where(o => ownerIds.Contains(o.OwnerId));
        }

        var (proposalIds, laterIds) = stages;
        var stageIds = proposalIds.Concat(laterIds).ToArray();
        var stays = db.OpportunityStageEntries.IgnoreQueryFilters()
            .Where(e => e.TenantId == tenantId && stageIds.Contains(e.StageId))
            .GroupBy(e => e.OpportunityId)
            .Select(g => new StayFacts
            {
                OpportunityId = g.Key,
                ProposalAt = g.Where(e => proposalIds.Contains(e.StageId)).Min(e => (DateTime?)e.EnteredAt),
                ProposalDwellSeconds = g.Where(e => proposalIds.Contains(e.StageId) && e.LeftAt != null).Sum(e => DatabaseDurations.Seconds(e.EnteredAt, e.LeftAt!.Value)),
                ProposalStays = g.Count(e => proposalIds.Contains(e.StageId) && e.LeftAt != null),
                LaterEntries = g.Count(e => laterIds.Contains(e.StageId)),
            })
            .Translated(db); // joined below as a whole query, which the outer Translated does not look into

        var followUps = db.Activities.IgnoreQueryFilters().Where(a => a.TenantId == tenantId && a.SubjectKind == ActivitySubjectKind.Opportunity);
        if (slice.FollowUpKinds is { Count: > 0 } kinds)
        {
            followUps = followUps.Where(a => kinds.Contains(a.Kind));
        }

        if (slice.FollowUpTags is { Count: > 0 } tags)
        {
            followUps = followUps.Where(a => a.TagCodes.Any(t => tags.Contains(t)));
        }

        var followUpCounts = followUps.GroupBy(a => a.SubjectId).Select(g => new FollowUpFacts { OpportunityId = g.Key, Count = g.Count() });
        var leads = db.Leads.IgnoreQueryFilters().Where(l => l.TenantId == tenantId);
        var signed = db.Contracts.IgnoreQueryFilters().Where(c => c.TenantId == tenantId && c.SignatureStatus == SignatureStatus.Signed);
        var offsetHours = zone.GetUtcOffset(slice.From ?? DateTime.UtcNow).TotalHours;

        // Accounts and owners by id only: an opportunity's are of its tenant. A tenant condition on accounts made SQLite
        // read the accounts first and range-scan the period's opportunities once per account (two minutes at 100,000 leads).
        var facts =
            from o in opportunities
            join a in db.Accounts.IgnoreQueryFilters() on o.AccountId equals a.Id
            join owner in db.Members.IgnoreQueryFilters() on o.OwnerId equals owner.Id into ownerRows
            from owner in ownerRows.DefaultIfEmpty()
            join c in signed on o.Id equals c.OpportunityId into contractRows
            from c in contractRows.DefaultIfEmpty()
            join st in stays on o.Id equals st.OpportunityId into stayRows
            from st in stayRows.DefaultIfEmpty()
            join f in followUpCounts on o.Id equals f.OpportunityId into followUpRows
            from f in followUpRows.DefaultIfEmpty()
            select new SliceFact
            {
                OpportunityId = o.Id,
                Industry = a.Industry,
                SubSegment = a.SubSegment,
                Ownership = a.Ownership,
                Size = a.Size,
                Province = a.Province,
                TeamId = owner.TeamId,
                OwnerId = o.OwnerId,
                LeadSource = leads.Where(l => l.ConvertedOpportunityId == o.Id).Select(l => (LeadSource?)l.Source).FirstOrDefault(),
                Year = o.CreatedAt.AddHours(offsetHours).Year,
                Month = o.CreatedAt.AddHours(offsetHours).Month,
                CreatedAt = o.CreatedAt,
                SignedAt = c.SignedAt,
                SignedAmount = (decimal?)c.Amount,
                ProposalAt = st.ProposalAt,
                ProposalDwellSeconds = (double?)st.ProposalDwellSeconds,
                ProposalStays = (int?)st.ProposalStays ?? 0,
                PassedProposal = ((int?)st.LaterEntries ?? 0) > 0,
                FollowUps = (int?)f.Count ?? 0,
            };

        if (slice.Industries is { Count: > 0 } industries)
        {
            facts = facts.Where(f => industries.Contains(f.Industry));
        }

        if (slice.Ownerships is { Count: > 0 } ownerships)
        {
            facts = facts.Where(f => ownerships.Contains(f.Ownership));
        }

        if (slice.AccountSizes is { Count: > 0 } sizes)
        {
            facts = facts.Where(f => sizes.Contains(f.Size));
        }

        if (slice.Provinces is { Count: > 0 } provinces)
        {
            facts = facts.Where(f => provinces.Contains(f.Province!));
        }

        if (slice.SubSegments is { Count: > 0 } subSegments)
        {
            facts = facts.Where(f => subSegments.Contains(f.SubSegment!));
        }

        if (slice.TeamIds is { Count: > 0 } teamIds)
        {
            facts = facts.Where(f => f.TeamId != null && teamIds.Contains(f.TeamId.Value));
        }

        if (slice.LeadSources is { Count: > 0 } sources)
        {
            facts = facts.Where(f => f.LeadSource != null && sources.Contains(f.LeadSource.Value));
        }

        return facts;
    }

    /// <summary><c>f => new SliceKey { Industry = f.Industry, … }</c> with the asked dimensions only, so the database groups by exactly those.</summary>
    private static Expression<Func<SliceFact, SliceKey>> KeySelector(IReadOnlyList<SliceDimension> dimensions)
    {
        var fact = Expression.Parameter(typeof(SliceFact), "f");
        var bindings = new Dictionary<string, MemberBinding>();
        void Bind(string key, string from)
        {
            var target = typeof(SliceKey).GetProperty(key)!;
            bindings[key] = Expression.Bind(target, Expression.Convert(Expression.Property(fact, from), target.PropertyType));
        }

        foreach (var dimension in dimensions.Distinct())
        {
            switch (dimension)
            {
                case SliceDimension.Industry: Bind(nameof(SliceKey.Industry), nameof(SliceFact.Industry)); break;
                case SliceDimension.SubSegment: Bind(nameof(SliceKey.SubSegment), nameof(SliceFact.SubSegment)); break;
                case SliceDimension.Ownership: Bind(nameof(SliceKey.Ownership), nameof(SliceFact.Ownership)); break;
                case SliceDimension.AccountSize: Bind(nameof(SliceKey.Size), nameof(SliceFact.Size)); break;
                case SliceDimension.Province: Bind(nameof(SliceKey.Province), nameof(SliceFact.Province)); break;
                case SliceDimension.Team: Bind(nameof(SliceKey.TeamId), nameof(SliceFact.TeamId)); break;
                case SliceDimension.Rep or SliceDimension.RepCluster: Bind(nameof(SliceKey.OwnerId), nameof(SliceFact.OwnerId)); break;
                case SliceDimension.LeadSource: Bind(nameof(SliceKey.LeadSource), nameof(SliceFact.LeadSource)); break;
                case SliceDimension.Month:
                    Bind(nameof(SliceKey.Year), nameof(SliceFact.Year));
                    Bind(nameof(SliceKey.Month), nameof(SliceFact.Month));
                    break;
            }
        }

        return Expression.Lambda<Func<SliceFact, SliceKey>>(Expression.MemberInit(Expression.New(typeof(SliceKey)), bindings.Values), fact);
    }
}

/// <summary>One opportunity's facts, as the slice query projects them (never materialised: the database groups them).</summary>
public sealed class SliceFact
{
    public long OpportunityId { get; init; }

    public Industry Industry { get; init; }

    public string? SubSegment { get; init; }

    public OwnershipType Ownership { get; init; }

    public CompanySize Size { get; init; }

    public string? Province { get; init; }

    public long? TeamId { get; init; }

    public long OwnerId { get; init; }

    public LeadSource? LeadSource { get; init; }

    public int Year { get; init; }

    public int Month { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? SignedAt { get; init; }

    public decimal? SignedAmount { get; init; }

    public DateTime? ProposalAt { get; init; }

    public double? ProposalDwellSeconds { get; init; }

    public int ProposalStays { get; init; }

    public bool PassedProposal { get; init; }

    public int FollowUps { get; init; }
}

/// <summary>An opportunity's proposal-stage history, aggregated per opportunity in the database.</summary>
public sealed class StayFacts
{
    public long OpportunityId { get; init; }

    public DateTime? ProposalAt { get; init; }

    public double ProposalDwellSeconds { get; init; }

    public int ProposalStays { get; init; }

    /// <summary>Entries into a stage after the proposal stage.</summary>
    public int LaterEntries { get; init; }
}

/// <summary>The follow-ups on an opportunity, counted per opportunity in the database.</summary>
public sealed class FollowUpFacts
{
    public long OpportunityId { get; init; }

    public int Count { get; init; }
}

/// <summary>A cell's dimension values; those not asked stay null (and are not grouped by).</summary>
public sealed record SliceKey
{
    public Industry? Industry { get; init; }

    public string? SubSegment { get; init; }

    public OwnershipType? Ownership { get; init; }

    public CompanySize? Size { get; init; }

    public string? Province { get; init; }

    public long? TeamId { get; init; }

    public long? OwnerId { get; init; }

    public LeadSource? LeadSource { get; init; }

    public int? Year { get; init; }

    public int? Month { get; init; }

    /// <summary>Filled in memory, from the rep, for the rep-cluster dimension.</summary>
    public string? Cluster { get; init; }

    public SliceKeyValue ValueOf(SliceDimension dimension) => dimension switch
    {
        SliceDimension.Industry => new(dimension, Code(Industry), null),
        SliceDimension.SubSegment => new(dimension, SubSegment, null),
        SliceDimension.Ownership => new(dimension, Code(Ownership), null),
        SliceDimension.AccountSize => new(dimension, Code(Size), null),
        SliceDimension.Province => new(dimension, Province, null),
        SliceDimension.Team => new(dimension, TeamId?.ToString(System.Globalization.CultureInfo.InvariantCulture), TeamId),
        SliceDimension.Rep => new(dimension, OwnerId?.ToString(System.Globalization.CultureInfo.InvariantCulture), OwnerId),
        SliceDimension.LeadSource => new(dimension, Code(LeadSource), null),
        SliceDimension.Month => new(dimension, Year is { } y && Month is { } m ? $"{y:D4}-{m:D2}" : null, null),
        _ => new(dimension, Cluster, null),
    };

    /// <summary>An enum value as the schema spells it: NEW_ENERGY.</summary>
    private static string? Code<T>(T? value) where T : struct, Enum =>
        value is { } v ? string.Concat(v.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? $"_{c}" : $"{char.ToUpperInvariant(c)}")) : null;
}

/// <summary>What the database returns per cell.</summary>
public sealed class SliceSums
{
    public SliceKey Key { get; init; } = new();

    public int Opportunities { get; init; }

    public int Won { get; init; }

    public decimal Amount { get; init; }

    public double CycleSeconds { get; init; }

    public double ProposalToSignatureSeconds { get; init; }

    public int ProposalToSignatureCount { get; init; }

    public double ProposalDwellSeconds { get; init; }

    public int ProposalStays { get; init; }

    public int Proposals { get; init; }

    public int PassedProposals { get; init; }

    public int FollowUps { get; init; }

    public static SliceSums Fold(SliceKey key, IEnumerable<SliceSums> cells)
    {
        var all = cells.ToList();
        return new SliceSums
        {
            Key = key,
            Opportunities = all.Sum(c => c.Opportunities),
            Won = all.Sum(c => c.Won),
            Amount = all.Sum(c => c.Amount),
            CycleSeconds = all.Sum(c => c.CycleSeconds),
            ProposalToSignatureSeconds = all.Sum(c => c.ProposalToSignatureSeconds),
            ProposalToSignatureCount = all.Sum(c => c.ProposalToSignatureCount),
            ProposalDwellSeconds = all.Sum(c => c.ProposalDwellSeconds),
            ProposalStays = all.Sum(c => c.ProposalStays),
            Proposals = all.Sum(c => c.Proposals),
            PassedProposals = all.Sum(c => c.PassedProposals),
            FollowUps = all.Sum(c => c.FollowUps),
        };
    }

    public double? Measure(SliceMeasure measure) => measure switch
    {
        SliceMeasure.Opportunities => Opportunities,
        SliceMeasure.Won => Won,
        SliceMeasure.WinRate => Opportunities == 0 ? null : (double)Won / Opportunities,
        SliceMeasure.Amount => (double)Amount,
        SliceMeasure.CycleDays => Won == 0 ? null : CycleSeconds / Won / 86_400,
        SliceMeasure.ProposalToSignatureDays => ProposalToSignatureCount == 0 ? null : ProposalToSignatureSeconds / ProposalToSignatureCount / 86_400,
        SliceMeasure.ProposalDwellDays => ProposalStays == 0 ? null : ProposalDwellSeconds / ProposalStays / 86_400,
        SliceMeasure.ProposalPassRate => Proposals == 0 ? null : (double)PassedProposals / Proposals,
        _ => FollowUps,
    };
}
