// The inference service: Open Inference Protocol (KServe v2) over ONNX Runtime; see ServingApp.
Keel.Serving.Host.ServingApp.Create(args).Run();
