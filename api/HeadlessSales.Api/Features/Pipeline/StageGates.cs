using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>
/// The documents a gate asks about, answered by whichever module keeps documents. The pipeline asks only
/// these two questions, so it does not depend on how documents are stored.
/// </summary>
public interface IStageEvidence
{
    /// <summary>The codes of the caller's tenant's document kind catalog: what a gate may require.</summary>
    Task<IReadOnlySet<string>> DocumentKindsAsync(SalesDbContext db, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="kinds"/> have at least one document attached to the opportunity.</summary>
    Task<IReadOnlySet<string>> PresentDocumentKindsAsync(SalesDbContext db, long opportunityId, IReadOnlyCollection<string> kinds, CancellationToken cancellationToken);
}

/// <summary>What an opportunity still lacks to enter a stage.</summary>
public sealed record GateShortfall(IReadOnlyList<string> DocumentKinds, IReadOnlyList<OpportunityGateField> Fields, IReadOnlyList<string> Approvals)
{
    public bool IsMet => DocumentKinds.Count == 0 && Fields.Count == 0 && Approvals.Count == 0;

    /// <summary>One line per missing item, as kept in the stage history of an override.</summary>
    public List<string> Describe() =>
    [
        .. DocumentKinds.Select(k => $"DOCUMENT:{k}"),
        .. Fields.Select(f => $"FIELD:{GraphQLName(f)}"),
        .. Approvals.Select(a => $"APPROVAL:{a}"),
    ];

    internal static string GraphQLName(OpportunityGateField field) => field switch
    {
        OpportunityGateField.Amount => "AMOUNT",
        OpportunityGateField.ExpectedCloseDate => "EXPECTED_CLOSE_DATE",
        _ => "CONTACT",
    };
}

/// <summary>The gate of a stage was not met; lists exactly what is missing.</summary>
public sealed record StageGateNotMetError(PipelineStage Stage, GateShortfall Missing)
    : UserError($"{Stage.Name} ({Stage.Code}) cannot be entered yet; missing: {string.Join(", ", Missing.Describe())}.", "STAGE_GATE_NOT_MET");

public sealed class StageGateChecker(IStageEvidence evidence)
{
    public async Task<GateShortfall> CheckAsync(SalesDbContext db, Opportunity opportunity, PipelineStage stage, CancellationToken cancellationToken)
    {
        var documents = new List<string>();
        if (stage.RequiredDocumentKinds.Count > 0)
        {
            var present = await evidence.PresentDocumentKindsAsync(db, opportunity.Id, stage.RequiredDocumentKinds, cancellationToken);
            documents.AddRange(stage.RequiredDocumentKinds.Where(k => !present.Contains(k)));
        }

        var fields = stage.RequiredFields.Where(f => f switch
        {
            OpportunityGateField.Amount => opportunity.Amount is null,
            OpportunityGateField.ExpectedCloseDate => opportunity.ExpectedCloseDate is null,
            _ => opportunity.ContactId is null,
        }).ToList();

        var approvals = new List<string>();
        if (stage.RequiredApprovals.Count > 0)
        {
            var approved = await db.ApprovalRequests
                .Where(r => r.SubjectType == "Opportunity" && r.SubjectId == opportunity.Id && r.Status == ApprovalStatus.Approved)
                .Join(db.ApprovalPolicies, r => r.PolicyId, p => p.Id, (r, p) => p.Code)
                .Distinct().ToListAsync(cancellationToken);
            approvals.AddRange(stage.RequiredApprovals.Where(code => !approved.Contains(code)));
        }

        return new GateShortfall(documents, fields, approvals);
    }

    /// <summary>The document kinds and approval policy codes of a gate that do not exist in the tenant.</summary>
    public async Task<(List<string> DocumentKinds, List<string> Approvals)> UnknownAsync(SalesDbContext db, IReadOnlyCollection<string> documentKinds, IReadOnlyCollection<string> approvals, CancellationToken cancellationToken)
    {
        var kinds = documentKinds.Count == 0 ? new HashSet<string>() : await evidence.DocumentKindsAsync(db, cancellationToken);
        var policies = approvals.Count == 0 ? [] : await db.ApprovalPolicies.Where(p => approvals.Contains(p.Code)).Select(p => p.Code).ToListAsync(cancellationToken);
        return (documentKinds.Where(k => !kinds.Contains(k)).ToList(), approvals.Where(a => !policies.Contains(a)).ToList());
    }
}
