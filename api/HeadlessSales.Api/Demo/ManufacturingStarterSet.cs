using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Demo;

/// <summary>
/// <c>createTenant(input: { industry: "manufacturing" })</c>: an industrial B2B seller's start — the standard pipeline
/// with the 方案报价 gate (a signed requirement confirmation and a competitor analysis before quoting), the document
/// kinds, the follow-up tag catalog and the approval chains the gates may ask for. Assignment rules follow the teams,
/// which the admin creates after.
/// </summary>
public sealed class ManufacturingStarterSet(TimeProvider clock) : ITenantStarterSet
{
    public string Industry => "manufacturing";

    /// <summary>What an opportunity needs before it may enter 方案报价.</summary>
    public static readonly IReadOnlyList<string> QuotationGate = [DocumentKindCatalog.RequirementConfirmation, DocumentKindCatalog.CompetitorAnalysis];

    public async Task ApplyAsync(IServiceProvider services, long tenantId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = services.GetRequiredService<ISalesDbContextPool>().Rent(tenantId);
        await DocumentKindCatalog.SeedAsync(db, tenantId, now, cancellationToken);
        await FollowUpCatalog.EnsureAsync(db, tenantId, now, cancellationToken);
        db.ApprovalPolicies.AddRange(DemoPipelineCatalog.ApprovalPolicies.Select(p => new ApprovalPolicy { TenantId = tenantId, Code = p.Code, Name = p.Name, Steps = [.. p.Steps], CreatedAt = now }));
        await db.SaveChangesAsync(cancellationToken);
        var pipeline = await DefaultPipeline.EnsureAsync(db, tenantId, now, cancellationToken);
        await GateQuotationAsync(db, pipeline.Id, cancellationToken);
    }

    /// <summary>Puts the 方案报价 gate on a pipeline's QUOTATION stage.</summary>
    public static async Task GateQuotationAsync(SalesDbContext db, long pipelineId, CancellationToken cancellationToken)
    {
        var quotation = await db.PipelineStages.FirstAsync(s => s.PipelineId == pipelineId && s.Code == "QUOTATION", cancellationToken);
        quotation.RequiredDocumentKinds = [.. QuotationGate];
        await db.SaveChangesAsync(cancellationToken);
    }
}
