using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SegmentsAndBottlenecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BottleneckHelps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    OpportunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    StageEntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    StageId = table.Column<long>(type: "INTEGER", nullable: false),
                    OwnerId = table.Column<long>(type: "INTEGER", nullable: false),
                    HelperId = table.Column<long>(type: "INTEGER", nullable: false),
                    MarkedById = table.Column<long>(type: "INTEGER", nullable: true),
                    MarkedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BottleneckHelps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BottleneckHelps_Members_HelperId",
                        column: x => x.HelperId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BottleneckHelps_Members_MarkedById",
                        column: x => x.MarkedById,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BottleneckHelps_Members_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BottleneckHelps_Opportunities_OpportunityId",
                        column: x => x.OpportunityId,
                        principalTable: "Opportunities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BottleneckHelps_OpportunityStageEntries_StageEntryId",
                        column: x => x.StageEntryId,
                        principalTable: "OpportunityStageEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BottleneckHelps_PipelineStages_StageId",
                        column: x => x.StageId,
                        principalTable: "PipelineStages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BottleneckHelps_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SegmentKeywords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    SubSegment = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Industry = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Keyword = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Weight = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentKeywords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SegmentKeywords_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SegmentPlaybookPushes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    OwnerId = table.Column<long>(type: "INTEGER", nullable: true),
                    SubSegment = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    CaseIds = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    TalkTracks = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    AcceptedById = table.Column<long>(type: "INTEGER", nullable: true),
                    PushedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentPlaybookPushes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SegmentPlaybookPushes_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SegmentPlaybookPushes_Members_AcceptedById",
                        column: x => x.AcceptedById,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SegmentPlaybookPushes_Members_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SegmentPlaybookPushes_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BottleneckHelps_HelperId",
                table: "BottleneckHelps",
                column: "HelperId");

            migrationBuilder.CreateIndex(
                name: "IX_BottleneckHelps_MarkedById",
                table: "BottleneckHelps",
                column: "MarkedById");

            migrationBuilder.CreateIndex(
                name: "IX_BottleneckHelps_OpportunityId",
                table: "BottleneckHelps",
                column: "OpportunityId");

            migrationBuilder.CreateIndex(
                name: "IX_BottleneckHelps_OwnerId",
                table: "BottleneckHelps",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_BottleneckHelps_StageEntryId",
                table: "BottleneckHelps",
                column: "StageEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_BottleneckHelps_StageId",
                table: "BottleneckHelps",
                column: "StageId");

            migrationBuilder.CreateIndex(
                name: "IX_BottleneckHelps_TenantId_OpportunityId_Id",
                table: "BottleneckHelps",
                columns: new[] { "TenantId", "OpportunityId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BottleneckHelps_TenantId_StageId_MarkedAt",
                table: "BottleneckHelps",
                columns: new[] { "TenantId", "StageId", "MarkedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SegmentKeywords_TenantId_SubSegment_Keyword",
                table: "SegmentKeywords",
                columns: new[] { "TenantId", "SubSegment", "Keyword" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SegmentPlaybookPushes_AcceptedById",
                table: "SegmentPlaybookPushes",
                column: "AcceptedById");

            migrationBuilder.CreateIndex(
                name: "IX_SegmentPlaybookPushes_AccountId",
                table: "SegmentPlaybookPushes",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_SegmentPlaybookPushes_OwnerId",
                table: "SegmentPlaybookPushes",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_SegmentPlaybookPushes_TenantId_OwnerId_Id",
                table: "SegmentPlaybookPushes",
                columns: new[] { "TenantId", "OwnerId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BottleneckHelps");

            migrationBuilder.DropTable(
                name: "SegmentKeywords");

            migrationBuilder.DropTable(
                name: "SegmentPlaybookPushes");
        }
    }
}
