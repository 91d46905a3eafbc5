using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Infrastructure.CustomFields;

/// <summary>The custom-field tables, reached as <c>db.CustomFieldDefinitions</c> once this namespace is in scope.</summary>
public static class CustomFieldDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<CustomFieldDefinition> CustomFieldDefinitions => db.Set<CustomFieldDefinition>();
        public DbSet<CustomFieldValue> CustomFieldValues => db.Set<CustomFieldValue>();
    }
}
