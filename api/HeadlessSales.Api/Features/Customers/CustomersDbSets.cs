using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Customers;

/// <summary>The customers tables, reached as <c>db.Accounts</c> once this namespace is in scope; the context itself knows only the core.</summary>
public static class CustomersDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<Account> Accounts => db.Set<Account>();
        public DbSet<Contact> Contacts => db.Set<Contact>();
    }
}
