using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class WonCaseLibrary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WonCases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    OpportunityId = table.Column<long>(type: "bigint", nullable: false),
                    AuthorId = table.Column<long>(type: "bigint", nullable: false),
                    Title = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Industry = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SubSegment = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    CustomerBackground = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    TurningPoints = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    ContractTerms = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    TalkTracks = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    RiskTags = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    RecordingDocumentIds = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ApprovedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WonCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WonCases_Members_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WonCases_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WonCaseVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    CaseId = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    Title = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Industry = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SubSegment = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    CustomerBackground = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    TurningPoints = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    ContractTerms = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    TalkTracks = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    RiskTags = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    ReviewerId = table.Column<long>(type: "bigint", nullable: true),
                    ReviewComment = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WonCaseVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WonCaseVersions_Members_ReviewerId",
                        column: x => x.ReviewerId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WonCaseVersions_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WonCaseVersions_WonCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "WonCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WonCases_AuthorId",
                table: "WonCases",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_WonCases_TenantId_AuthorId",
                table: "WonCases",
                columns: new[] { "TenantId", "AuthorId" });

            migrationBuilder.CreateIndex(
                name: "IX_WonCases_TenantId_OpportunityId",
                table: "WonCases",
                columns: new[] { "TenantId", "OpportunityId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WonCases_TenantId_Status_Id",
                table: "WonCases",
                columns: new[] { "TenantId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WonCaseVersions_CaseId",
                table: "WonCaseVersions",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_WonCaseVersions_ReviewerId",
                table: "WonCaseVersions",
                column: "ReviewerId");

            migrationBuilder.CreateIndex(
                name: "IX_WonCaseVersions_TenantId_CaseId_Version",
                table: "WonCaseVersions",
                columns: new[] { "TenantId", "CaseId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WonCaseVersions");

            migrationBuilder.DropTable(
                name: "WonCases");
        }
    }
}
