using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DocumentShareLinksAndRuleCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CountTimes",
                table: "AutomationRules",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CountWithinMinutes",
                table: "AutomationRules",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DocumentShareLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    DocumentId = table.Column<long>(type: "bigint", nullable: false),
                    ContactId = table.Column<long>(type: "bigint", nullable: false),
                    TokenHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RevokedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentShareLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DocumentShareLinks_Contacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "Contacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DocumentShareLinks_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DocumentShareLinks_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RuleCountHits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    RuleId = table.Column<long>(type: "bigint", nullable: false),
                    SubjectKind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SubjectId = table.Column<long>(type: "bigint", nullable: false),
                    EventKey = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RuleCountHits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RuleCountHits_AutomationRules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "AutomationRules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RuleCountHits_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DocumentViews",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    ShareLinkId = table.Column<long>(type: "bigint", nullable: false),
                    DocumentId = table.Column<long>(type: "bigint", nullable: false),
                    ViewedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    VisitorHash = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    UserAgent = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentViews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DocumentViews_DocumentShareLinks_ShareLinkId",
                        column: x => x.ShareLinkId,
                        principalTable: "DocumentShareLinks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DocumentViews_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DocumentViews_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DocumentShareLinks_ContactId",
                table: "DocumentShareLinks",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_DocumentShareLinks_DocumentId",
                table: "DocumentShareLinks",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_DocumentShareLinks_TenantId_DocumentId_Id",
                table: "DocumentShareLinks",
                columns: new[] { "TenantId", "DocumentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_DocumentShareLinks_TokenHash",
                table: "DocumentShareLinks",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DocumentViews_DocumentId",
                table: "DocumentViews",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_DocumentViews_ShareLinkId",
                table: "DocumentViews",
                column: "ShareLinkId");

            migrationBuilder.CreateIndex(
                name: "IX_DocumentViews_TenantId_DocumentId_ViewedAt",
                table: "DocumentViews",
                columns: new[] { "TenantId", "DocumentId", "ViewedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DocumentViews_TenantId_ShareLinkId_ViewedAt",
                table: "DocumentViews",
                columns: new[] { "TenantId", "ShareLinkId", "ViewedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RuleCountHits_RuleId_EventKey",
                table: "RuleCountHits",
                columns: new[] { "RuleId", "EventKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RuleCountHits_RuleId_SubjectKind_SubjectId_OccurredAt",
                table: "RuleCountHits",
                columns: new[] { "RuleId", "SubjectKind", "SubjectId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RuleCountHits_TenantId",
                table: "RuleCountHits",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DocumentViews");

            migrationBuilder.DropTable(
                name: "RuleCountHits");

            migrationBuilder.DropTable(
                name: "DocumentShareLinks");

            migrationBuilder.DropColumn(
                name: "CountTimes",
                table: "AutomationRules");

            migrationBuilder.DropColumn(
                name: "CountWithinMinutes",
                table: "AutomationRules");
        }
    }
}
