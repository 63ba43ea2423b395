// placeholder until the models land
