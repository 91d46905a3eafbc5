using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Contracts;

/// <summary>The contracts tables, reached as <c>db.Contracts</c> once this namespace is in scope; the context itself knows only the core.</summary>
public static class ContractsDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<Contract> Contracts => db.Set<Contract>();
        public DbSet<PaymentCollection> PaymentCollections => db.Set<PaymentCollection>();
    }
}
