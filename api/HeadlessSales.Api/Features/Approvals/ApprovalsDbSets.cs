using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Approvals;

/// <summary>The approvals tables, reached as <c>db.ApprovalPolicies</c> once this namespace is in scope; the context itself knows only the core.</summary>
public static class ApprovalsDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<ApprovalPolicy> ApprovalPolicies => db.Set<ApprovalPolicy>();
        public DbSet<ApprovalRequest> ApprovalRequests => db.Set<ApprovalRequest>();
        public DbSet<ApprovalDecision> ApprovalDecisions => db.Set<ApprovalDecision>();
    }
}
