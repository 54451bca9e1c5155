import CHDF5

/// The kind of a group member.
public enum MemberKind: Equatable {
    case group, dataset, other
}

/// An HDF5 group: a directory of groups and datasets, with attributes.
public final class Group: Object {
    /// Creates a child group. The corresponding C function is `H5Gcreate2`.
    public func createGroup(named name: String) throws -> Group {
        let child = location.child(name)
        let creation = try untimedPropertyList(chdf5_H5P_GROUP_CREATE(), at: child)
        defer { H5Pclose(creation) }
        let id = try child.check(
            H5Gcreate2(self.id, name, chdf5_H5P_DEFAULT(), creation, chdf5_H5P_DEFAULT()), "H5Gcreate2",
            "cannot create the group")
        return Group(id: id, location: child)
    }

    /// Opens a child group. The corresponding C function is `H5Gopen2`.
    public func openGroup(named name: String) throws -> Group {
        let child = location.child(name)
        try requireMember(name, kind: .group)
        let id = try child.check(H5Gopen2(self.id, name, chdf5_H5P_DEFAULT()), "H5Gopen2", "cannot open the group")
        return Group(id: id, location: child)
    }

    /// Whether a direct member of that name exists. The corresponding C function is `H5Lexists`.
    public func contains(_ name: String) -> Bool {
        H5Lexists(id, name, chdf5_H5P_DEFAULT()) > 0
    }

    /// The names of the direct members, in byte order of their names.
    /// The corresponding C functions are `H5Gget_info` and `H5Lget_name_by_idx`.
    public func memberNames() throws -> [String] {
        var info = H5G_info_t()
        try location.check(H5Gget_info(id, &info), "H5Gget_info")
        var names: [String] = []
        names.reserveCapacity(Int(info.nlinks))
        for index in 0..<info.nlinks {
            let length = try location.check(
                H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, chdf5_H5P_DEFAULT()),
                "H5Lget_name_by_idx")
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            try location.check(
                H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count,
                                   chdf5_H5P_DEFAULT()), "H5Lget_name_by_idx")
            names.append(String(cString: buffer))
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Whether the member is a group or a dataset. The corresponding C functions are `H5Oopen`
    /// and `H5Iget_type`.
    public func kindOfMember(_ name: String) throws -> MemberKind {
        let child = location.child(name)
        guard contains(name) else { throw child.fail("H5Oopen", "no such object") }
        let object = try child.check(H5Oopen(id, name, chdf5_H5P_DEFAULT()), "H5Oopen")
        defer { H5Oclose(object) }
        switch H5Iget_type(object) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    func requireMember(_ name: String, kind: MemberKind) throws {
        let child = location.child(name)
        guard contains(name) else {
            throw child.fail(kind == .group ? "H5Gopen2" : "H5Dopen2",
                             "no such \(kind == .group ? "group" : "dataset")")
        }
        let actual = try kindOfMember(name)
        guard actual == kind else {
            throw child.fail(kind == .group ? "H5Gopen2" : "H5Dopen2",
                             "is a \(actual), expected a \(kind)")
        }
    }
}
