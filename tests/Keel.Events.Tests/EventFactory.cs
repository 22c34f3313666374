using System.Text;
using System.Text.Json.Nodes;

namespace Keel.Events.Tests;

/// <summary>Builds CloudEvent JSON for tests, valid unless a test changes it.</summary>
internal static class EventFactory
{
    public static JsonObject Record(string id = "e-1", string entity = "17") => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = "/tests",
        ["type"] = KeelEventTypes.RecordIngested,
        ["time"] = "2026-01-02T03:04:05Z",
        ["subject"] = entity,
        ["tenant"] = "acme",
        ["datacontenttype"] = "application/json",
        ["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ["data"] = new JsonObject
        {
            ["dataset"] = "credit",
            ["entity"] = entity,
            ["values"] = new JsonObject { ["Age"] = 30, ["Home"] = "rent" },
        },
    };

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
