using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>The pipeline tables, reached as <c>db.Pipelines</c> once this namespace is in scope; the context itself knows only the core.</summary>
public static class PipelineDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<SalesPipeline> Pipelines => db.Set<SalesPipeline>();
        public DbSet<PipelineStage> PipelineStages => db.Set<PipelineStage>();
        public DbSet<Opportunity> Opportunities => db.Set<Opportunity>();
        public DbSet<OpportunityStageEntry> OpportunityStageEntries => db.Set<OpportunityStageEntry>();
    }
}
