import Foundation
import StipDomain

/// Prints a report's HTML to PDF with WeasyPrint (Debian package `weasyprint`), which reads the same CSS for
/// pages, margins and page numbers that a browser's print uses.
enum PDFRenderer {
    /// Where WeasyPrint is: the first `weasyprint` on `PATH`.
    static func executable() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { URL(filePath: String($0)).appending(path: "weasyprint") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func pdf(fromHTML html: Data) async throws(DomainError) -> Data {
        guard let weasyprint = executable() else {
            throw DomainError(
                .pdfRendererMissing,
                "PDF reports are printed by WeasyPrint, which is not installed: install the Debian package weasyprint (make deps does, or apt-get install weasyprint), or ask for --format html and print that"
            )
        }
        let directory = FileManager.default.temporaryDirectory.appending(path: "stip-report-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let input = directory.appending(path: "report.html")
            let output = directory.appending(path: "report.pdf")
            try html.write(to: input)
            let process = Process()
            process.executableURL = weasyprint
            process.arguments = ["--quiet", input.path, output.path]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw DomainError(
                    .internalError, "WeasyPrint could not print the report: \(String(decoding: message, as: UTF8.self).prefix(500))")
            }
            return try Data(contentsOf: output)
        } catch let error as DomainError {
            throw error
        } catch {
            throw DomainError(.internalError, "WeasyPrint could not print the report: \(error)")
        }
    }
}
