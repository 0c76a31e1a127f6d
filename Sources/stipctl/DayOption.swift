import ArgumentParser
import StipVocabulary

/// Refuses a day option that is not a date before anything is sent, saying why (`2027-02-31`: February has 28 days).
func validateDay(_ text: String?, option: String) throws {
    guard let text, LocalDate(text) == nil else { return }
    throw ValidationError("\(option): " + LocalDate.problem(with: text))
}
