// The differential runs Debian's nginx; the tests set Unix file modes for its worker.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
