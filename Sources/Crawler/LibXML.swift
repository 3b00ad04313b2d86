import CLibXML2

/// Small helpers over libxml2's tree: names, attributes and text of nodes.
enum LibXML {
    /// Initialises the parser once per process (libxml2 asks for it before threads use it).
    static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// The node's local name, lower-cased (HTML element names are already lower-case).
    static func name(_ node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    /// The value of the attribute named `attribute` (case-insensitive), if present.
    static func attribute(_ node: xmlNodePtr, _ attribute: String) -> String? {
        var property = node.pointee.properties
        while let current = property {
            if let name = current.pointee.name, String(cString: name).lowercased() == attribute {
                var text = ""
                var child = current.pointee.children
                while let value = child {
                    if let content = value.pointee.content { text += String(cString: content) }
                    child = value.pointee.next
                }
                return text
            }
            property = current.pointee.next
        }
        return nil
    }

    /// Elements whose text runs on with the text around them.
    static let inlineElements: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s", "samp",
        "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    ]

    /// The text under a node (script and style excluded), whitespace collapsed.
    /// - Complexity: O(size of the subtree)
    static func text(_ node: xmlNodePtr) -> String {
        var pieces: [String] = []
        func walk(_ node: xmlNodePtr) {
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE {
                    if let content = current.pointee.content { pieces.append(String(cString: content)) }
                } else if current.pointee.type == XML_ELEMENT_NODE {
                    let name = LibXML.name(current)
                    if name != "script" && name != "style" && name != "noscript" {
                        // A block element's text is a word apart from its neighbours'.
                        let block = !inlineElements.contains(name)
                        if block { pieces.append(" ") }
                        walk(current)
                        if block { pieces.append(" ") }
                    }
                }
                child = current.pointee.next
            }
        }
        walk(node)
        return collapse(pieces.joined())
    }

    /// Trims and collapses runs of whitespace to one space.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The element children of a node.
    static func elements(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }
}
