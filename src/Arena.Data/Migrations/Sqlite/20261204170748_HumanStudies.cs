using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Arena.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HumanStudies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HumanStudies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompetitionId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProtocolVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedSampleSize = table.Column<int>(type: "INTEGER", nullable: false),
                    SplitHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AnnotatorsPerItem = table.Column<int>(type: "INTEGER", nullable: false),
                    Aggregation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SecondsPerItem = table.Column<int>(type: "INTEGER", nullable: true),
                    Render = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Classes = table.Column<string>(type: "TEXT", nullable: false),
                    TrainLabelColumn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HumanStudies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HumanStudies_Competitions_CompetitionId",
                        column: x => x.CompetitionId,
                        principalTable: "Competitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HumanAnnotators",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StudyId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Expertise = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SawTrainingData = table.Column<bool>(type: "INTEGER", nullable: false),
                    JoinedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HumanAnnotators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HumanAnnotators_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_HumanAnnotators_HumanStudies_StudyId",
                        column: x => x.StudyId,
                        principalTable: "HumanStudies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HumanItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StudyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    GoldLabel = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HumanItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HumanItems_HumanStudies_StudyId",
                        column: x => x.StudyId,
                        principalTable: "HumanStudies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HumanAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StudyId = table.Column<int>(type: "INTEGER", nullable: false),
                    HumanItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    AnnotatorId = table.Column<int>(type: "INTEGER", nullable: false),
                    Slot = table.Column<int>(type: "INTEGER", nullable: true),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    ServedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HumanAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HumanAssignments_HumanAnnotators_AnnotatorId",
                        column: x => x.AnnotatorId,
                        principalTable: "HumanAnnotators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HumanAssignments_HumanItems_HumanItemId",
                        column: x => x.HumanItemId,
                        principalTable: "HumanItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HumanAssignments_HumanStudies_StudyId",
                        column: x => x.StudyId,
                        principalTable: "HumanStudies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HumanAnswers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StudyId = table.Column<int>(type: "INTEGER", nullable: false),
                    AssignmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    AnnotatorId = table.Column<int>(type: "INTEGER", nullable: false),
                    HumanItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    SkipReason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    LateLabel = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ServerMilliseconds = table.Column<long>(type: "INTEGER", nullable: false),
                    ClientMilliseconds = table.Column<long>(type: "INTEGER", nullable: false),
                    ClientPosition = table.Column<int>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HumanAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HumanAnswers_HumanAnnotators_AnnotatorId",
                        column: x => x.AnnotatorId,
                        principalTable: "HumanAnnotators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HumanAnswers_HumanAssignments_AssignmentId",
                        column: x => x.AssignmentId,
                        principalTable: "HumanAssignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HumanAnswers_HumanItems_HumanItemId",
                        column: x => x.HumanItemId,
                        principalTable: "HumanItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HumanAnswers_HumanStudies_StudyId",
                        column: x => x.StudyId,
                        principalTable: "HumanStudies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HumanAnnotators_StudyId_Number",
                table: "HumanAnnotators",
                columns: new[] { "StudyId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HumanAnnotators_StudyId_UserId",
                table: "HumanAnnotators",
                columns: new[] { "StudyId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HumanAnnotators_UserId",
                table: "HumanAnnotators",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_HumanAnswers_AnnotatorId_HumanItemId",
                table: "HumanAnswers",
                columns: new[] { "AnnotatorId", "HumanItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HumanAnswers_AssignmentId",
                table: "HumanAnswers",
                column: "AssignmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HumanAnswers_HumanItemId",
                table: "HumanAnswers",
                column: "HumanItemId");

            migrationBuilder.CreateIndex(
                name: "IX_HumanAnswers_StudyId",
                table: "HumanAnswers",
                column: "StudyId");

            migrationBuilder.CreateIndex(
                name: "IX_HumanAssignments_AnnotatorId_HumanItemId",
                table: "HumanAssignments",
                columns: new[] { "AnnotatorId", "HumanItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HumanAssignments_AnnotatorId_Position",
                table: "HumanAssignments",
                columns: new[] { "AnnotatorId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HumanAssignments_HumanItemId_Slot",
                table: "HumanAssignments",
                columns: new[] { "HumanItemId", "Slot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HumanAssignments_StudyId",
                table: "HumanAssignments",
                column: "StudyId");

            migrationBuilder.CreateIndex(
                name: "IX_HumanItems_StudyId_ItemId",
                table: "HumanItems",
                columns: new[] { "StudyId", "ItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HumanItems_StudyId_Kind_Order",
                table: "HumanItems",
                columns: new[] { "StudyId", "Kind", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_HumanStudies_CompetitionId",
                table: "HumanStudies",
                column: "CompetitionId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HumanAnswers");

            migrationBuilder.DropTable(
                name: "HumanAssignments");

            migrationBuilder.DropTable(
                name: "HumanAnnotators");

            migrationBuilder.DropTable(
                name: "HumanItems");

            migrationBuilder.DropTable(
                name: "HumanStudies");
        }
    }
}
