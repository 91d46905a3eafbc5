using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>
/// Where one subject stands in the follow-up sequence, recomputed from all its activities whenever one is
/// logged or the sequence changes, so that the manager board finds overdue steps with one indexed query.
/// </summary>
public sealed class FollowUpState : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public ActivitySubjectKind SubjectKind { get; init; }

    public long SubjectId { get; init; }

    /// <summary>When the first step started: the lead's assignment (else its intake), the account's or opportunity's creation.</summary>
    public DateTime SubjectStartedAt { get; set; }

    /// <summary>The subject's owner and their team when the state was last computed: whose board shows it.</summary>
    public long? OwnerId { get; set; }

    public long? TeamId { get; set; }

    /// <summary>When each completed step was completed, in step order.</summary>
    public List<DateTime> CompletedAt { get; set; } = [];

    /// <summary>Null when every step is done.</summary>
    public DateTime? CurrentStepDueAt { get; set; }

    public DateTime? LastFollowUpAt { get; set; }

    /// <summary>Bumped by every writer first, so that concurrent writers on one subject take turns (a row lock on servers).</summary>
    public long Version { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class FollowUpStateConfiguration : IEntityTypeConfiguration<FollowUpState>
{
    public void Configure(EntityTypeBuilder<FollowUpState> builder)
    {
        builder.ToTable("FollowUpStates");
        builder.HasIndex(s => new { s.TenantId, s.SubjectKind, s.SubjectId }).IsUnique();
        // The board's overdue list: a team's open steps by due time.
        builder.HasIndex(s => new { s.TenantId, s.TeamId, s.CurrentStepDueAt, s.Id });
        builder.Property(s => s.SubjectKind).HasConversion<string>().HasMaxLength(32);
        builder.PrimitiveCollection(s => s.CompletedAt).HasMaxLength(1000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Team>().WithMany().HasForeignKey(s => s.TeamId).OnDelete(DeleteBehavior.Restrict);
    }
}
