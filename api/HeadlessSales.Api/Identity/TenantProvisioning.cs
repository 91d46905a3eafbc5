using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// An industry's starting configuration for a new tenant (pipeline, tags, gates, assignment rules), registered by
/// whoever composes the modules, since the platform knows none of them.
/// </summary>
public interface ITenantStarterSet
{
    /// <summary>The name the operator gives in <c>createTenant(input: { industry })</c>.</summary>
    string Industry { get; }

    Task ApplyAsync(IServiceProvider services, long tenantId, CancellationToken cancellationToken);
}

public sealed record NewTenant(string Slug, string Name, string TimeZone, string AdminName, string AdminEmail, string? Industry);

/// <summary>What the operator does to tenants: create one with its first admin's invitation, suspend, resume.</summary>
public sealed class TenantProvisioningService(
    ISalesDbContextPool pool, MemberAccessService access, IEnumerable<ITenantStarterSet> starterSets, IServiceProvider services, TimeProvider clock,
    ILogger<TenantProvisioningService> logger)
{
    public IReadOnlyList<string> Industries => [.. starterSets.Select(s => s.Industry).Order()];

    /// <returns>The tenant, or why it was not created.</returns>
    public async Task<(Tenant? Tenant, IReadOnlyList<UserError> Errors)> CreateAsync(NewTenant request, string operatorId, CancellationToken cancellationToken)
    {
        var starterSet = request.Industry is null ? null : starterSets.FirstOrDefault(s => s.Industry == request.Industry);
        List<UserError> errors = [];
        if (Tenant.CheckSlug(request.Slug) is { } badSlug)
        {
            errors.Add(new ValidationError("input.slug", badSlug));
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone, out _))
        {
            errors.Add(new ValidationError("input.timeZone", $"'{request.TimeZone}' is not a known IANA time zone."));
        }

        if (ContactDetails.CheckEmail(request.AdminEmail) is { } badEmail)
        {
            errors.Add(new ValidationError("input.adminEmail", badEmail));
        }

        if (request.Industry is not null && starterSet is null)
        {
            errors.Add(new ValidationError("input.industry", $"No starter set for '{request.Industry}'; known: {string.Join(", ", Industries)}."));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = pool.RentAcrossTenants();
        var taken = new DuplicateError("input.slug", request.Slug, $"The slug '{request.Slug}' is taken.");
        if (await db.Tenants.AnyAsync(t => t.Slug == request.Slug, cancellationToken))
        {
            return (null, [taken]);
        }

        var tenant = db.Tenants.Add(new Tenant { Slug = request.Slug, Name = request.Name, TimeZone = request.TimeZone, CreatedAt = now }).Entity;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // Another operator took the slug between the check and the insert.
            return (null, [taken]);
        }

        var admin = db.Members.Add(new Member
        {
            TenantId = tenant.Id,
            Name = request.AdminName,
            Email = request.AdminEmail,
            Role = MemberRole.Admin,
            HiredOn = DateOnly.FromDateTime(now),
            CreatedAt = now,
            UpdatedAt = now,
        }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        if (starterSet is not null)
        {
            await starterSet.ApplyAsync(services, tenant.Id, cancellationToken);
        }

        await access.InviteAsync(db, admin, tenant.Name, cancellationToken);
        logger.LogInformation("Operator {Operator} created tenant {Slug} ({TenantId}) and invited its admin", operatorId, tenant.Slug, tenant.Id);
        return (tenant, []);
    }

    /// <returns>The tenant after the change, null when there is none of that slug, or the error when it is already so.</returns>
    public async Task<(Tenant? Tenant, UserError? Error)> SetSuspendedAsync(string slug, bool suspended, string operatorId, CancellationToken cancellationToken)
    {
        await using var db = pool.RentAcrossTenants();
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (tenant is null)
        {
            return (null, new NotFoundError("input.slug", slug));
        }

        if (tenant.IsSuspended == suspended)
        {
            return (null, new InvalidStateError(suspended ? "The tenant is already suspended." : "The tenant is not suspended."));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (suspended)
        {
            tenant.Suspend(now);
        }
        else
        {
            tenant.Resume();
        }

        // Every node drops the tenant's standings and re-checks its open sessions, which then close.
        db.Journal(new TenantStandingChanged(tenant.Id, now));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Operator {Operator} {Action} tenant {Slug} ({TenantId})", operatorId, suspended ? "suspended" : "resumed", tenant.Slug, tenant.Id);
        return (tenant, null);
    }
}
