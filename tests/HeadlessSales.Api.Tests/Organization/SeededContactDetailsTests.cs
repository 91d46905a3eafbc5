using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Organization;

/// <summary>The demo data and the volume seeder make nothing the contact-detail rules would refuse through the API.</summary>
public sealed class SeededContactDetailsTests
{
    [Fact]
    public async Task EverySeededPhoneAndEmail_PassesTheContactDetailRules()
    {
        // A host of its own: the volume seeder adds history that the shared demo tenant's tests do not expect.
        using var host = new ApiFactory();
        var pool = host.Services.GetRequiredService<ISalesDbContextPool>();
        long tenantId;
        await using (var db = pool.RentAcrossTenants())
        {
            tenantId = await db.Tenants.Where(t => t.Slug == DemoDataSeeder.DemoTenantSlug).Select(t => t.Id).SingleAsync();
        }

        await new ProcessVolumeSeeder(pool).SeedAsync(tenantId, new ProcessVolume(Leads: 1_500, Activities: 500, Until: host.Clock.GetUtcNow().UtcDateTime.Date), null, CancellationToken.None);

        await using var read = pool.RentAcrossTenants();
        var members = await read.Members.IgnoreQueryFilters().Select(m => new { m.Phone, Email = (string?)m.Email }).ToListAsync();
        var contacts = await read.Contacts.IgnoreQueryFilters().Select(c => new { c.Phone, c.Email }).ToListAsync();
        var leads = await read.Leads.IgnoreQueryFilters().Select(l => new { l.Phone, l.Email }).ToListAsync();
        Assert.True(leads.Count >= 1_500, $"{leads.Count} leads were seeded.");
        var details = members.Select(m => ("member", m.Phone, m.Email))
            .Concat(contacts.Select(c => ("contact", c.Phone, c.Email)))
            .Concat(leads.Select(l => ("lead", l.Phone, l.Email)))
            .ToList();
        Assert.Contains(details, d => d.Item1 == "member" && d.Phone is not null);
        Assert.Contains(details, d => d.Item1 == "contact" && d.Phone is not null && d.Email is not null);

        var refused = details
            .SelectMany(d => new[]
            {
                d.Phone is { } phone && (ContactDetails.NormalizePhone(phone) != phone || ContactDetails.CheckPhone(phone) is not null) ? $"{d.Item1} phone '{phone}'" : null,
                d.Email is { } email && (ContactDetails.NormalizeEmail(email) != email || ContactDetails.CheckEmail(email) is not null) ? $"{d.Item1} email '{email}'" : null,
            })
            .OfType<string>()
            .ToList();
        Assert.Empty(refused);
    }
}
