"""The desk: the staff dashboard and the search over clients and cases."""
