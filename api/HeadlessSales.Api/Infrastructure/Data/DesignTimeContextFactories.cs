using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HeadlessSales.Api.Infrastructure.Data;

// dotnet-ef builds each provider's context through these, without starting the host. The connection
// strings only have to be well-formed: adding a migration never connects.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSalesDbContext>
{
    public SqliteSalesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSalesDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlSalesDbContext>
{
    public PostgreSqlSalesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlSalesDbContext>().UseNpgsql("Host=localhost;Database=headlesssales").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerSalesDbContext>
{
    public SqlServerSalesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerSalesDbContext>().UseSqlServer("Server=localhost;Database=HeadlessSales;TrustServerCertificate=True").Options);
}
