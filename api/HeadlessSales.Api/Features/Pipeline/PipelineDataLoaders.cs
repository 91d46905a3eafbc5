using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Pipeline;

public sealed class OpportunityByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Opportunity>(databases);

public sealed class SalesPipelineByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<SalesPipeline>(databases);

public sealed class PipelineStageByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<PipelineStage>(databases);

/// <summary>The stages of many pipelines in one query, in order.</summary>
public sealed class StagesByPipelineIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<PipelineStage>>
{
    protected override async Task<IReadOnlyDictionary<long, List<PipelineStage>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var stages = await db.PipelineStages.AsNoTracking().Where(s => keys.Contains(s.PipelineId)).OrderBy(s => s.Position).ToListAsync(cancellationToken);
        return stages.GroupBy(s => s.PipelineId).ToDictionary(g => g.Key, g => g.ToList());
    }
}

/// <summary>The stage history of many opportunities in one query, oldest first.</summary>
public sealed class StageEntriesByOpportunityIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<OpportunityStageEntry>>
{
    protected override async Task<IReadOnlyDictionary<long, List<OpportunityStageEntry>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var entries = await db.OpportunityStageEntries.AsNoTracking().Where(e => keys.Contains(e.OpportunityId)).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return entries.GroupBy(e => e.OpportunityId).ToDictionary(g => g.Key, g => g.ToList());
    }
}
