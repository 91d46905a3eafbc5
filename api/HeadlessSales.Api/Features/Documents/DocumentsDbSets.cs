using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Documents;

/// <summary>The documents tables, reached as <c>db.DocumentKinds</c> once this namespace is in scope; the context itself knows only the core.</summary>
public static class DocumentsDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<DocumentKind> DocumentKinds => db.Set<DocumentKind>();
        public DbSet<Document> Documents => db.Set<Document>();
        public DbSet<DocumentShareLink> DocumentShareLinks => db.Set<DocumentShareLink>();
        public DbSet<DocumentView> DocumentViews => db.Set<DocumentView>();
    }
}
