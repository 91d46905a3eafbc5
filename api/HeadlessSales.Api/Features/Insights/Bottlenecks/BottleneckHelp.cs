using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Insights.Bottlenecks;

/// <summary>
/// "Help given" on one stay of an opportunity in a stage: a helper was brought in at <see cref="MarkedAt"/>. The stay's
/// entry and exit (<see cref="OpportunityStageEntry"/>) give the time stuck before help and the time to break through after.
/// </summary>
public sealed class BottleneckHelp : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long OpportunityId { get; init; }

    /// <summary>The stay the help was for.</summary>
    public long StageEntryId { get; init; }

    public long StageId { get; init; }

    /// <summary>The opportunity's owner when help was marked: they and their managers see the mark.</summary>
    public long OwnerId { get; init; }

    public long HelperId { get; init; }

    /// <summary>Who marked it; null for an integration.</summary>
    public long? MarkedById { get; init; }

    public DateTime MarkedAt { get; init; }
}

/// <summary>Built with the context: a mark is seen as the opportunity's owner's records are.</summary>
internal sealed class BottleneckHelpConfiguration(SalesDbContext db) : IEntityTypeConfiguration<BottleneckHelp>
{
    public void Configure(EntityTypeBuilder<BottleneckHelp> builder)
    {
        builder.ToTable("BottleneckHelps");
        builder.HasIndex(h => new { h.TenantId, h.OpportunityId, h.Id });
        builder.HasIndex(h => new { h.TenantId, h.StageId, h.MarkedAt });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(h => h.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Opportunity>().WithMany().HasForeignKey(h => h.OpportunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<OpportunityStageEntry>().WithMany().HasForeignKey(h => h.StageEntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PipelineStage>().WithMany().HasForeignKey(h => h.StageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(h => h.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(h => h.HelperId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(h => h.MarkedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(help => help.TenantId == db.CurrentTenantId && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(help.OwnerId)));
    }
}

public static class BottlenecksDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<BottleneckHelp> BottleneckHelps => db.Set<BottleneckHelp>();
    }
}
