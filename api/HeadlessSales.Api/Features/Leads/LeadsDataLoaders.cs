using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

public sealed class LeadByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Lead>(databases);

public sealed class ProductByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Product>(databases);

public sealed class ProductByCodeDataLoader(SalesDbContextFactory databases) : BatchDataLoader<string, Product>
{
    protected override async Task<IReadOnlyDictionary<string, Product>> FetchAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await db.Products.AsNoTracking().Where(p => keys.Contains(p.Code)).ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, cancellationToken);
    }
}

public sealed class AssignmentRuleByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<AssignmentRule>(databases);

public sealed class ScriptTemplateByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<ScriptTemplate>(databases);

public sealed class LeadHistoryByLeadIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<LeadHistoryEntry>>
{
    protected override async Task<IReadOnlyDictionary<long, List<LeadHistoryEntry>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var entries = await db.LeadHistory.AsNoTracking().Where(h => keys.Contains(h.LeadId)).OrderBy(h => h.Id).ToListAsync(cancellationToken);
        return entries.GroupBy(h => h.LeadId).ToDictionary(g => g.Key, g => g.ToList());
    }
}

/// <summary>
/// What first-call scripts are made from: the caller's tenant's active catalog and templates, loaded once
/// per request however many leads ask. The key is the tenant id.
/// </summary>
public sealed class ScriptMaterialByTenantDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, ScriptMaterial>
{
    protected override async Task<IReadOnlyDictionary<long, ScriptMaterial>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var products = await db.Products.AsNoTracking().Where(p => p.Active).ToListAsync(cancellationToken);
        var templates = await db.ScriptTemplates.AsNoTracking().ToListAsync(cancellationToken);
        return keys.Where(k => k == db.CurrentTenantId).ToDictionary(k => k, _ => new ScriptMaterial(products, templates));
    }
}

public sealed record ScriptMaterial(IReadOnlyList<Product> Products, IReadOnlyList<ScriptTemplate> Templates);

/// <summary>Escalations by id as the caller may see them (<see cref="EscalationVisibility"/>), the rule the list applies.</summary>
public sealed class EscalationByIdDataLoader(SalesDbContextFactory databases, CurrentActor actor) : BatchDataLoader<long, Escalation>
{
    protected override async Task<IReadOnlyDictionary<long, Escalation>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await EscalationVisibility.Visible(db, actor.Actor).AsNoTracking().Where(e => keys.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
    }
}

public sealed class EscalationStepsByEscalationIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<EscalationStep>>
{
    protected override async Task<IReadOnlyDictionary<long, List<EscalationStep>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var steps = await db.EscalationSteps.AsNoTracking().Where(s => keys.Contains(s.EscalationId)).OrderBy(s => s.Step).ToListAsync(cancellationToken);
        return steps.GroupBy(s => s.EscalationId).ToDictionary(g => g.Key, g => g.ToList());
    }
}
