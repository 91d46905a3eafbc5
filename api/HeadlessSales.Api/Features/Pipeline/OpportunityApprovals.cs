using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>An opportunity can be approved: its owner is who asks.</summary>
public sealed class OpportunityApprovalSubject : IApprovalSubject
{
    public string TypeName => "Opportunity";

    public async Task<long?> OwnerOfAsync(SalesDbContext db, long subjectId, CancellationToken cancellationToken) =>
        await db.Opportunities.Where(o => o.Id == subjectId).Select(o => (long?)o.OwnerId).FirstOrDefaultAsync(cancellationToken);
}

public sealed class ApprovalRequestsByOpportunityIdDataLoader(SalesDbContextFactory databases, CurrentActor actor)
    : ApprovalRequestsBySubjectIdDataLoader(databases, actor, "Opportunity");
