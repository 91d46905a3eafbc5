using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Segmentation;

/// <summary>
/// Reads the texts of up to <see cref="MaxAccounts"/> accounts through the caller's context, so that evidence comes only
/// from records the caller sees: the account's name, the products its converted leads asked about, the names of the files
/// on it and its opportunities, and the notes and concerns of the follow-ups on both. Five queries, whatever the count.
/// </summary>
public static class SegmentEvidenceReader
{
    public const int MaxAccounts = 100;

    public static async Task<IReadOnlyList<SegmentDetection>> DetectAsync(SalesDbContext db, IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken)
    {
        var ids = accountIds.Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Name, a.SubSegment, a.Industry }).ToListAsync(cancellationToken);
        if (accounts.Count == 0)
        {
            return [];
        }

        ids = accounts.Select(a => a.Id).ToList();
        var lexicon = await SegmentLexicon.ReadAsync(db, cancellationToken);
        var opportunities = await db.Opportunities.AsNoTracking().Where(o => ids.Contains(o.AccountId)).Select(o => new { o.Id, o.AccountId }).ToListAsync(cancellationToken);
        var accountOf = opportunities.ToDictionary(o => o.Id, o => o.AccountId);
        var opportunityIds = accountOf.Keys.ToList();

        var leads = await db.Leads.AsNoTracking().Where(l => l.ConvertedAccountId != null && ids.Contains(l.ConvertedAccountId.Value))
            .Select(l => new { l.Id, AccountId = l.ConvertedAccountId!.Value, l.ProductInterests }).ToListAsync(cancellationToken);
        var codes = leads.SelectMany(l => l.ProductInterests).Distinct().ToList();
        var productNames = codes.Count == 0 ? [] : await db.Products.AsNoTracking().Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, p => p.Name, cancellationToken);
        var documents = await db.Documents.AsNoTracking()
            .Where(d => (d.AccountId != null && ids.Contains(d.AccountId.Value)) || (d.OpportunityId != null && opportunityIds.Contains(d.OpportunityId.Value)))
            .Select(d => new { d.Id, d.AccountId, d.OpportunityId, d.FileName }).ToListAsync(cancellationToken);
        var followUps = await db.Activities.AsNoTracking()
            .Where(a => (a.SubjectKind == ActivitySubjectKind.Account && ids.Contains(a.SubjectId)) || (a.SubjectKind == ActivitySubjectKind.Opportunity && opportunityIds.Contains(a.SubjectId)))
            .Select(a => new { a.Id, a.SubjectKind, a.SubjectId, a.Notes, a.Concerns }).ToListAsync(cancellationToken);

        var texts = accounts.ToDictionary(a => a.Id, a => new List<SegmentText> { new(SegmentEvidenceSource.AccountName, "Account", a.Id, a.Name) });
        foreach (var lead in leads)
        {
            foreach (var code in lead.ProductInterests)
            {
                texts[lead.AccountId].Add(new(SegmentEvidenceSource.ProductInterest, "Lead", lead.Id, productNames.TryGetValue(code, out var name) ? $"{name} ({code})" : code));
            }
        }

        foreach (var document in documents)
        {
            var accountId = document.AccountId ?? accountOf[document.OpportunityId!.Value];
            texts[accountId].Add(new(SegmentEvidenceSource.DocumentName, "Document", document.Id, document.FileName));
        }

        foreach (var followUp in followUps)
        {
            var accountId = followUp.SubjectKind == ActivitySubjectKind.Account ? followUp.SubjectId : accountOf[followUp.SubjectId];
            var text = string.Join(" / ", new[] { followUp.Notes }.Concat(followUp.Concerns).Where(t => !string.IsNullOrWhiteSpace(t)));
            if (text.Length > 0)
            {
                texts[accountId].Add(new(SegmentEvidenceSource.FollowUp, "Activity", followUp.Id, text));
            }
        }

        var byId = accounts.ToDictionary(a => a.Id);
        return accountIds.Distinct().Where(byId.ContainsKey)
            .Select(id => SegmentDetector.Detect(id, byId[id].SubSegment, byId[id].Industry, lexicon, texts[id]))
            .ToList();
    }
}
