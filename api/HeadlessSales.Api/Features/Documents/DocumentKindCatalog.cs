using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Documents;

/// <summary>The document kinds every tenant starts with; admins add, rename and retire kinds after.</summary>
public static class DocumentKindCatalog
{
    public const string RequirementConfirmation = "REQUIREMENT_CONFIRMATION";
    public const string CompetitorAnalysis = "COMPETITOR_ANALYSIS";
    public const string SolutionProposal = "SOLUTION_PROPOSAL";
    public const string Quotation = "QUOTATION";
    public const string Contract = "CONTRACT";
    public const string PaymentReceipt = "PAYMENT_RECEIPT";

    public static readonly IReadOnlyList<(string Code, string Name, string EnglishName, bool RequiresCustomerSignature, string Description)> Defaults =
    [
        (RequirementConfirmation, "需求确认书", "Requirement confirmation", true, "客户签字确认的需求范围；方案报价前必备。"),
        (CompetitorAnalysis, "竞品分析", "Competitor analysis", false, "本项目的竞争对手、对方报价与我方优劣势。"),
        (SolutionProposal, "方案建议书", "Solution proposal", false, "提交给客户的技术与商务方案。"),
        (Quotation, "报价单", "Quotation", false, "正式报价。"),
        (Contract, "合同", "Contract", false, "合同文本或已签署的扫描件。"),
        (PaymentReceipt, "回款凭证", "Payment receipt", false, "银行回单等回款证明。"),
    ];

    /// <summary>Adds the default kinds the tenant does not have yet.</summary>
    public static async Task SeedAsync(SalesDbContext db, long tenantId, DateTime now, CancellationToken cancellationToken)
    {
        var existing = await db.DocumentKinds.IgnoreQueryFilters().Where(k => k.TenantId == tenantId).Select(k => k.Code).ToListAsync(cancellationToken);
        db.DocumentKinds.AddRange(Defaults.Where(d => !existing.Contains(d.Code)).Select(d => new DocumentKind
        {
            TenantId = tenantId,
            Code = d.Code,
            Name = d.Name,
            EnglishName = d.EnglishName,
            Description = d.Description,
            RequiresCustomerSignature = d.RequiresCustomerSignature,
            CreatedAt = now,
            UpdatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
