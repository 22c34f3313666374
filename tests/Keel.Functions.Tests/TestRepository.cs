using System.Text;
using System.Text.Json.Nodes;
using Keel.Events;

namespace Keel.Functions.Tests;

/// <summary>A small feature repository and record events for it.</summary>
internal static class TestRepository
{
    public const string Yaml = """
        project: loans
        dataset:
          name: loans
          entity_column: loan_id
          entity_key: loan_id
          label: defaulted
          columns:
            - { name: loan_id, type: string }
            - { name: amount, type: double }
            - { name: income, type: int64, nullable: true }
            - { name: purpose, type: string, nullable: true }
            - { name: defaulted, type: bool }
        entities:
          - { name: loan, join_key: loan_id }
        feature_views:
          - name: loan_features
            entity: loan
            source: loans
            ttl: 30d
            features:
              - { name: amount, type: double }
              - { name: income, type: double }
              - { name: purpose, type: string }
              - { name: amount_to_income, type: double, transform: "ratio(amount, income)" }
          - name: loan_labels
            entity: loan
            source: loans
            features:
              - { name: defaulted, type: bool }
        feature_services:
          - name: loan_model
            features: [loan_features]
        label_view: loan_labels
        """;

    public static async Task ApplyAsync(HttpClient client, string tenant = "default")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/features/apply") { Content = new StringContent(Yaml, Encoding.UTF8, "application/yaml") };
        request.Headers.Add("X-Keel-Tenant", tenant);
        var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static JsonObject Record(string id, string loan, double amount, long? income, bool defaulted, DateTimeOffset time, string tenant = "default") => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = "/tests",
        ["type"] = KeelEventTypes.RecordIngested,
        ["time"] = time.ToString("O"),
        ["subject"] = loan,
        ["tenant"] = tenant,
        ["datacontenttype"] = "application/json",
        ["data"] = new JsonObject
        {
            ["dataset"] = "loans",
            ["entity"] = loan,
            ["values"] = new JsonObject
            {
                ["loan_id"] = loan,
                ["amount"] = amount,
                ["income"] = income,
                ["purpose"] = "car",
                ["defaulted"] = defaulted,
            },
        },
    };

    public static StringContent Batch(params JsonNode[] events) =>
        new(new JsonArray(events.Select(e => e.DeepClone()).ToArray()).ToJsonString(), Encoding.UTF8, CloudEventCodec.BatchContentType);

    public static StringContent Single(JsonNode cloudEvent) =>
        new(cloudEvent.ToJsonString(), Encoding.UTF8, CloudEventCodec.StructuredContentType);
}
