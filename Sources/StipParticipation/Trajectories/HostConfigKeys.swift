import Foundation
import StipDomain
import StipJSON

/// The keys of an activity config that the host reads itself, whatever the method (protocol §8.4): `opens`,
/// `closes` and `one_response_per`. A plugin may not know them; the host checks them at apply, so that a typo
/// is refused instead of silently read as the default.
enum HostConfigKeys {
    static let names = ["opens", "closes", "one_response_per"]

    /// Problems with these keys, as (pointer inside the config, message).
    /// - Parameters:
    ///   - written: the config as the consultant wrote it.
    ///   - normalised: the config as the plugin returned it, which the host reads later.
    static func problems(written: JSONValue, normalised: JSONValue, method: String, timeZone: TimeZone) -> [(String, String)] {
        var problems: [(String, String)] = []
        for name in names where written[name] != nil && normalised[name] == nil {
            problems.append(
                ("/\(name)", "method \(method) drops \(name) from its config, so the host would never see it; leave it out for this method")
            )
        }
        var moments: [String: Date] = [:]
        for name in ["opens", "closes"] {
            guard let value = normalised[name] else { continue }
            guard let text = value.stringValue,
                let moment = ActivityWindow.parse(text, timeZone, dateAlone: name == "closes" ? .lastMinute : .firstMinute)
            else {
                problems.append(("/\(name)", "must be a local date and time like 2027-03-01T09:00, or a date like 2027-03-01"))
                continue
            }
            moments[name] = moment
        }
        if let opens = moments["opens"], let closes = moments["closes"], closes < opens {
            problems.append(("/closes", "is before opens"))
        }
        if let limit = normalised["one_response_per"], ResponseLimit(rawValue: limit.stringValue ?? "") == nil {
            problems.append(
                (
                    "/one_response_per",
                    "must be browser (one response per browser), code (one per code from a letter) or none (as many as a resident likes); it is \(limit.foundDescription)"
                ))
        }
        return problems
    }
}
