using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>A lead, account or opportunity as the follow-up rules need it.</summary>
public sealed record ActivitySubject(ActivitySubjectKind Kind, long Id, long? OwnerId, DateTime StartedAt, string Name)
{
    public string NodeId => GlobalId.Encode(Kind.ToString(), Id);
}

/// <summary>The one place that knows which entities can be followed up and how to read them.</summary>
public static class ActivitySubjects
{
    /// <summary>The subject kind and key of a global id, or null when the id denotes nothing that can be followed up.</summary>
    public static (ActivitySubjectKind Kind, long Id)? Decode(string? id)
    {
        if (!GlobalId.TryDecode(id, out var typeName, out var key) || !Enum.TryParse<ActivitySubjectKind>(typeName, out var kind) || kind.ToString() != typeName)
        {
            return null;
        }

        return (kind, key);
    }

    /// <summary>The subject if the context's caller may see it; another tenant's and a hidden one read as missing.</summary>
    public static async Task<ActivitySubject?> FindVisibleAsync(SalesDbContext db, ActivitySubjectKind kind, long id, CancellationToken cancellationToken) => kind switch
    {
        ActivitySubjectKind.Lead => await db.Leads.AsNoTracking().Where(l => l.Id == id)
            .Select(l => new ActivitySubject(kind, l.Id, l.OwnerId, l.AssignedAt ?? l.CreatedAt, l.Company ?? l.Name))
            .FirstOrDefaultAsync(cancellationToken),
        ActivitySubjectKind.Account => await db.Accounts.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new ActivitySubject(kind, a.Id, a.OwnerId, a.CreatedAt, a.Name))
            .FirstOrDefaultAsync(cancellationToken),
        ActivitySubjectKind.Opportunity => await db.Opportunities.AsNoTracking().Where(o => o.Id == id)
            .Select(o => new ActivitySubject(kind, o.Id, o.OwnerId, o.CreatedAt, o.Name))
            .FirstOrDefaultAsync(cancellationToken),
        _ => null,
    };

    /// <summary>Subjects of one kind by key, whatever the caller sees: for system work such as recomputing progress.</summary>
    public static async Task<Dictionary<long, ActivitySubject>> FindAllAsync(SalesDbContext db, long tenantId, ActivitySubjectKind kind, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) => kind switch
    {
        ActivitySubjectKind.Lead => await db.Leads.IgnoreQueryFilters().AsNoTracking().Where(l => l.TenantId == tenantId && ids.Contains(l.Id))
            .Select(l => new ActivitySubject(kind, l.Id, l.OwnerId, l.AssignedAt ?? l.CreatedAt, l.Company ?? l.Name))
            .ToDictionaryAsync(s => s.Id, cancellationToken),
        ActivitySubjectKind.Account => await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => a.TenantId == tenantId && ids.Contains(a.Id))
            .Select(a => new ActivitySubject(kind, a.Id, a.OwnerId, a.CreatedAt, a.Name))
            .ToDictionaryAsync(s => s.Id, cancellationToken),
        ActivitySubjectKind.Opportunity => await db.Opportunities.IgnoreQueryFilters().AsNoTracking().Where(o => o.TenantId == tenantId && ids.Contains(o.Id))
            .Select(o => new ActivitySubject(kind, o.Id, o.OwnerId, o.CreatedAt, o.Name))
            .ToDictionaryAsync(s => s.Id, cancellationToken),
        _ => [],
    };
}
